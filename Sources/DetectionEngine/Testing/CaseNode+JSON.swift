/// A small JSON reader that keeps the line of every value, for `tests/*.json` files and for
/// reading back what a match produced (`alert_context`). It accepts what `json.loads` accepts,
/// `NaN` and `Infinity` included; duplicate keys keep the last value at the first one's place.
struct CaseJSONReader {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private let path: String

    static func parse(_ text: String, path: String) throws(CaseFileError) -> CaseNode {
        var reader = CaseJSONReader(bytes: Array(text.utf8), path: path)
        reader.skipSpace()
        let value = try reader.value()
        reader.skipSpace()
        guard reader.index == reader.bytes.count else { throw reader.fail("extra data after the JSON value") }
        return value
    }

    private init(bytes: [UInt8], path: String) {
        self.bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        self.path = path
    }

    private func fail(_ message: String) -> CaseFileError {
        CaseFileError(path: path, line: line, message: "not valid JSON: \(message)")
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A: line += 1
            case 0x20, 0x09, 0x0D: break
            default: return
            }
            index += 1
        }
    }

    private mutating func value() throws(CaseFileError) -> CaseNode {
        guard index < bytes.count else { throw fail("expecting a value") }
        let start = line
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return CaseNode(.string(try string()), line: start)
        case UInt8(ascii: "t") where literal("true"): return CaseNode(.bool(true), line: start)
        case UInt8(ascii: "f") where literal("false"): return CaseNode(.bool(false), line: start)
        case UInt8(ascii: "n") where literal("null"): return CaseNode(.null, line: start)
        case UInt8(ascii: "N") where literal("NaN"): return CaseNode(.number("NaN"), line: start)
        case UInt8(ascii: "I") where literal("Infinity"): return CaseNode(.number("Infinity"), line: start)
        case UInt8(ascii: "-") where literal("-Infinity"): return CaseNode(.number("-Infinity"), line: start)
        default: return CaseNode(.number(try number()), line: start)
        }
    }

    private mutating func literal(_ word: String) -> Bool {
        let word = Array(word.utf8)
        guard bytes.count - index >= word.count, Array(bytes[index..<index + word.count]) == word else { return false }
        index += word.count
        return true
    }

    private mutating func object() throws(CaseFileError) -> CaseNode {
        let start = line
        index += 1
        var entries: [CaseNode.Entry] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return CaseNode(.map([]), line: start)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expecting a key in double quotes") }
            let keyLine = line
            let key = try string()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expecting ':' after a key") }
            index += 1
            skipSpace()
            let item = try value()
            // As json.loads: the last duplicate's value, at the first one's place.
            let entry = CaseNode.Entry(key: key, keyLine: keyLine, value: item)
            if let index = entries.firstIndex(where: { $0.key == key }) { entries[index] = entry } else { entries.append(entry) }
            skipSpace()
            guard index < bytes.count else { throw fail("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "}") else { throw fail("expecting ',' or '}'") }
            index += 1
            return CaseNode(.map(entries), line: start)
        }
    }

    private mutating func array() throws(CaseFileError) -> CaseNode {
        let start = line
        index += 1
        var items: [CaseNode] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return CaseNode(.list([]), line: start)
        }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard index < bytes.count else { throw fail("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "]") else { throw fail("expecting ',' or ']'") }
            index += 1
            return CaseNode(.list(items), line: start)
        }
    }

    private mutating func number() throws(CaseFileError) -> String {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let from = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - from
        }
        let integer = digits()
        guard integer > 0 else { throw fail("expecting a value") }
        if integer > 1, bytes[index - integer] == 0x30 { throw fail("a number may not start with 0") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw fail("expecting digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw fail("expecting digits in the exponent") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func string() throws(CaseFileError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var plainStart = index
        var text = ""
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                text += String(decoding: bytes[plainStart..<index], as: UTF8.self)
                index += 1
                return text
            }
            if byte < 0x20 { throw fail("a control character in a string") }
            guard byte == UInt8(ascii: "\\") else { index += 1; continue }
            text += String(decoding: bytes[plainStart..<index], as: UTF8.self)
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): text += "\""
            case UInt8(ascii: "\\"): text += "\\"
            case UInt8(ascii: "/"): text += "/"
            case UInt8(ascii: "b"): text += "\u{08}"
            case UInt8(ascii: "f"): text += "\u{0C}"
            case UInt8(ascii: "n"): text += "\n"
            case UInt8(ascii: "r"): text += "\r"
            case UInt8(ascii: "t"): text += "\t"
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), literal("\\u") {
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        text += "\u{FFFD}"
                        code = low
                    }
                }
                scalars.removeAll()
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                text += String(scalars)
            default: throw fail("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
            }
            plainStart = index
        }
        throw fail("unterminated string")
    }

    private mutating func hex4() throws(CaseFileError) -> UInt32 {
        guard bytes.count - index >= 4, let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            throw fail("invalid \\u escape")
        }
        index += 4
        return code
    }
}
