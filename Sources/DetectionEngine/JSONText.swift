/// Builds one JSON object as UTF-8 bytes, in field order: the output rows are written without
/// a round trip through Python, Foundation or `String` concatenation.
struct JSONObjectText: ~Copyable {
    private var buffer = ByteBuffer(capacity: 1024)
    private var first = true

    init() {
        buffer.append(UInt8(ascii: "{"))
    }

    mutating func field(_ name: String, string value: String) {
        key(name)
        buffer.appendQuoted(value)
    }

    mutating func field(_ name: String, string value: String?) {
        guard let value else { return field(name, raw: "null") }
        field(name, string: value)
    }

    mutating func field(_ name: String, int value: Int) {
        key(name)
        buffer.append(decimal: value)
    }

    mutating func field(_ name: String, bool value: Bool) {
        field(name, raw: value ? "true" : "false")
    }

    mutating func field(_ name: String, strings values: [String]) {
        key(name)
        buffer.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.appendQuoted(value)
        }
        buffer.append(UInt8(ascii: "]"))
    }

    /// A field whose value is already JSON text.
    mutating func field(_ name: String, raw json: String) {
        key(name)
        var json = json
        json.withUTF8 { buffer.append(UnsafeRawBufferPointer($0)) }
    }

    /// A field whose value is JSON text as bytes, put on one line (see `appendSingleLine`).
    mutating func field(_ name: String, rawJSON json: UnsafeRawBufferPointer) {
        key(name)
        buffer.appendSingleLine(json)
    }

    /// Closes the object and hands over its bytes.
    consuming func finished() -> [UInt8] {
        buffer.append(UInt8(ascii: "}"))
        return Array(buffer.bytes)
    }

    private mutating func key(_ name: String) {
        if !first { buffer.append(UInt8(ascii: ",")) }
        first = false
        buffer.appendQuoted(name)
        buffer.append(UInt8(ascii: ":"))
    }

    /// `value` as a JSON string. UTF-8 passes through; quotes, backslashes and control
    /// characters are escaped.
    static func appendQuoted(_ value: String, to bytes: inout [UInt8]) {
        var quoted = ByteBuffer(capacity: value.utf8.count + 2)
        quoted.appendQuoted(value)
        bytes.append(contentsOf: quoted.bytes)
    }
}
