import PythonBridge

/// Builds one JSON object as UTF-8 bytes, in field order: the output rows are written without
/// a round trip through Python, Foundation or `String` concatenation.
struct JSONObjectText {
    private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var first = true

    init() {
        bytes.reserveCapacity(1024)
    }

    mutating func field(_ name: String, string value: String) {
        key(name)
        Self.appendQuoted(value, to: &bytes)
    }

    mutating func field(_ name: String, string value: String?) {
        guard let value else { return field(name, raw: "null") }
        field(name, string: value)
    }

    mutating func field(_ name: String, int value: Int) {
        field(name, raw: String(value))
    }

    mutating func field(_ name: String, bool value: Bool) {
        field(name, raw: value ? "true" : "false")
    }

    mutating func field(_ name: String, strings values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.appendQuoted(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A field whose value is already JSON text.
    mutating func field(_ name: String, raw json: String) {
        key(name)
        bytes.append(contentsOf: json.utf8)
    }

    /// A field whose value is JSON text as bytes, put on one line (see `appendSingleLine`).
    mutating func field(_ name: String, rawJSON json: UnsafeRawBufferPointer) {
        key(name)
        Self.appendSingleLine(json, to: &bytes)
    }

    /// Closes the object and hands over its bytes (without copying them).
    consuming func finished() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func key(_ name: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        Self.appendQuoted(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// `value` as a JSON string. UTF-8 passes through; quotes, backslashes and control
    /// characters are escaped.
    static func appendQuoted(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Valid JSON text on one line: the input as it is when it has no line breaks (JSON Lines),
    /// else with the whitespace between tokens removed (a pretty-printed array element), so
    /// that the output stays one JSON object per line. Strings are kept byte for byte.
    static func appendSingleLine(_ json: UnsafeRawBufferPointer, to bytes: inout [UInt8]) {
        guard json.contains(0x0A) || json.contains(0x0D) else {
            bytes.append(contentsOf: json)
            return
        }
        var strings = JSONStringTracker()
        for byte in json where strings.isInString(byte) || !isJSONWhitespace(byte) {
            bytes.append(byte)
        }
    }
}
