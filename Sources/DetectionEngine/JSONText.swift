/// Builds one JSON object as text, in field order: the output rows are written without
/// a round trip through Python or Foundation.
struct JSONObjectText {
    private(set) var text = "{"
    private var first = true

    mutating func field(_ name: String, string value: String) {
        key(name)
        Self.appendQuoted(value, to: &text)
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
        text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            Self.appendQuoted(value, to: &text)
        }
        text += "]"
    }

    /// A field whose value is already JSON text.
    mutating func field(_ name: String, raw json: String) {
        key(name)
        text += json
    }

    func finished() -> String {
        text + "}"
    }

    private mutating func key(_ name: String) {
        if !first { text += "," }
        first = false
        Self.appendQuoted(name, to: &text)
        text += ":"
    }

    static func appendQuoted(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}

enum JSONText {
    /// Valid JSON text on one line: the input as it is when it has no line breaks (JSON Lines),
    /// else with the whitespace between tokens removed (a pretty-printed array element), so
    /// that the output stays one JSON object per line. Strings are kept byte for byte.
    static func singleLine(_ json: UnsafeRawBufferPointer) -> String {
        guard json.contains(0x0A) || json.contains(0x0D) else { return String(decoding: json, as: UTF8.self) }
        var compact: [UInt8] = []
        compact.reserveCapacity(json.count)
        var inString = false
        var escaped = false
        for byte in json {
            if inString {
                compact.append(byte)
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
                compact.append(byte)
            } else if byte != 0x20, byte != 0x0A, byte != 0x0D, byte != 0x09 {
                compact.append(byte)
            }
        }
        return String(decoding: compact, as: UTF8.self)
    }
}
