/// A small fixed-seed random source, so every run tests the same documents.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// Random JSON text covering what the decoder must get right: nesting, every escape, raw UTF-8
/// up to astral planes, surrogate pairs and lone surrogates, ints of every size, floats in many
/// spellings (overflowing, subnormal, negative zero), `NaN`/`Infinity`, repeated and duplicate
/// keys, and all four whitespace characters between tokens.
struct JSONDocumentGenerator {
    var random: SplitMix64

    private static let commonKeys = [
        "eventVersion", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress",
        "userAgent", "requestParameters", "responseElements", "userIdentity", "type", "arn",
        "accountId", "", "a", "ключ", "键", "🔑", "id", "tags",
    ]
    private static let rawCharacters: [Unicode.Scalar] = [
        "é", "ß", "中", "文", "😀", "𝄞", "\u{80}", "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}", "\u{7F}",
    ]
    private static let specialFloats = [
        "1e400", "-1e400", "-0.0", "0.0", "1E-7", "5e-324", "1e-400", "2.2250738585072011e-308",
        "1.7976931348623157e308", "0.1", "0.30000000000000004", "123456789012345678901234567890.5",
        "9007199254740993", "9007199254740993.0", "1.0e+10", "-1.5E-3", "4.9406564584124654e-324",
    ]
    private static let specialInts = [
        "0", "-0", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "18446744073709551616", "999999999999999999", "1000000000000000000", "-999999999999999999",
    ]

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    private mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &random) < percent
    }

    private mutating func pick<T>(_ choices: [T]) -> T {
        choices[Int.random(in: 0..<choices.count, using: &random)]
    }

    /// One document: usually an object, like a record; sometimes an array or a bare value.
    mutating func document() -> [UInt8] {
        var out: [UInt8] = []
        whitespace(&out)
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<7: object(depth: 0, &out)
        case 7, 8: array(depth: 0, &out)
        default: value(depth: 0, &out)
        }
        whitespace(&out)
        return out
    }

    private mutating func whitespace(_ out: inout [UInt8]) {
        guard chance(25) else { return }
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            out.append(pick([0x20, 0x09, 0x0A, 0x0D]))
        }
    }

    private mutating func value(depth: Int, _ out: inout [UInt8]) {
        let roll = Int.random(in: 0..<100, using: &random)
        switch roll {
        case 0..<12 where depth < 6: object(depth: depth + 1, &out)
        case 12..<20 where depth < 6: array(depth: depth + 1, &out)
        case 0..<45: string(&out)
        case 45..<65: integer(&out)
        case 65..<82: float(&out)
        case 82..<87: out += Array("null".utf8)
        case 87..<92: out += Array((chance(50) ? "true" : "false").utf8)
        default: out += Array(pick(["NaN", "Infinity", "-Infinity"]).utf8)
        }
    }

    private mutating func object(depth: Int, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        whitespace(&out)
        var keys: [[UInt8]] = []
        for index in 0..<Int.random(in: 0...7, using: &random) {
            if index > 0 {
                out.append(UInt8(ascii: ","))
                whitespace(&out)
            }
            var key: [UInt8]
            if !keys.isEmpty, chance(10) {
                key = pick(keys)
            } else if chance(70) {
                key = [UInt8(ascii: "\"")] + Array(pick(Self.commonKeys).utf8) + [UInt8(ascii: "\"")]
            } else {
                key = []
                string(&key)
            }
            keys.append(key)
            out += key
            whitespace(&out)
            out.append(UInt8(ascii: ":"))
            whitespace(&out)
            value(depth: depth, &out)
            whitespace(&out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private mutating func array(depth: Int, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        whitespace(&out)
        for index in 0..<Int.random(in: 0...6, using: &random) {
            if index > 0 {
                out.append(UInt8(ascii: ","))
                whitespace(&out)
            }
            value(depth: depth, &out)
            whitespace(&out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private mutating func string(_ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<45:
                for _ in 0..<Int.random(in: 1...12, using: &random) {
                    var byte = UInt8.random(in: 0x20...0x7E, using: &random)
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { byte = UInt8(ascii: "q") }
                    out.append(byte)
                }
            case 45..<60:
                out += Array(pick(["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"]).utf8)
            case 60..<75:
                out += Array(String(pick(Self.rawCharacters)).utf8)
            case 75..<83:
                let scalar = UInt32.random(in: 0...0xFFFF, using: &random)
                escape(scalar, &out)
            case 83..<90:
                // A surrogate pair for an astral code point.
                let astral = UInt32.random(in: 0x10000...0x10FFFF, using: &random) - 0x10000
                escape(0xD800 + (astral >> 10), &out)
                escape(0xDC00 + (astral & 0x3FF), &out)
            case 90..<96:
                // A lone surrogate, high or low, sometimes followed by a non-surrogate escape.
                escape(UInt32.random(in: 0xD800...0xDFFF, using: &random), &out)
                if chance(30) { escape(UInt32.random(in: 0x20...0x7E, using: &random), &out) }
            case 96..<98:
                // A surrogate encoded as UTF-8, which json.loads(bytes) passes ("surrogatepass").
                out += [0xED, UInt8.random(in: 0xA0...0xBF, using: &random), UInt8.random(in: 0x80...0xBF, using: &random)]
            default:
                out.append(0x7F)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ scalar: UInt32, _ out: inout [UInt8]) {
        var hex = String(scalar, radix: 16, uppercase: chance(50))
        while hex.count < 4 { hex = "0" + hex }
        out += Array("\\u\(hex)".utf8)
    }

    private mutating func integer(_ out: inout [UInt8]) {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: out += Array(pick(Self.specialInts).utf8)
        case 1..<5: out += Array(String(Int.random(in: -1000...1000, using: &random)).utf8)
        case 5..<8: out += Array(String(Int64.random(in: .min ... .max, using: &random)).utf8)
        default: digits(count: Int.random(in: 17...400, using: &random), negative: chance(40), &out)
        }
    }

    private mutating func digits(count: Int, negative: Bool, _ out: inout [UInt8]) {
        if negative { out.append(UInt8(ascii: "-")) }
        out.append(UInt8.random(in: UInt8(ascii: "1")...UInt8(ascii: "9"), using: &random))
        for _ in 1..<max(count, 1) {
            out.append(UInt8.random(in: UInt8(ascii: "0")...UInt8(ascii: "9"), using: &random))
        }
    }

    private mutating func float(_ out: inout [UInt8]) {
        if chance(20) {
            out += Array(pick(Self.specialFloats).utf8)
            return
        }
        if chance(30) {
            if chance(30) { out.append(UInt8(ascii: "-")) }
            out.append(UInt8(ascii: "0"))
        } else {
            digits(count: Int.random(in: 1...20, using: &random), negative: chance(30), &out)
        }
        let fraction = chance(70)
        if fraction {
            out.append(UInt8(ascii: "."))
            for _ in 0..<Int.random(in: 1...25, using: &random) {
                out.append(UInt8.random(in: UInt8(ascii: "0")...UInt8(ascii: "9"), using: &random))
            }
        }
        if !fraction || chance(50) {
            out.append(chance(50) ? UInt8(ascii: "e") : UInt8(ascii: "E"))
            if chance(60) { out.append(chance(50) ? UInt8(ascii: "+") : UInt8(ascii: "-")) }
            out += Array(String(Int.random(in: 0...400, using: &random)).utf8)
        }
    }

    /// `document` damaged in one place: a byte deleted, inserted or replaced, a cut, or a span
    /// repeated. Most results are invalid; a few stay valid, which is fine.
    mutating func mutated(_ document: [UInt8]) -> [UInt8] {
        var bytes = document
        let interesting: [UInt8] = Array("\"\\,:[]{} 0-.eExun+tf/".utf8) + [0x01, 0x1F, 0x80, 0xBF, 0xC3, 0xED, 0xF0, 0xFF, 0x0A, 0x0D]
        let at = Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<5, using: &random) {
        case 0 where !bytes.isEmpty: bytes.remove(at: min(at, bytes.count - 1))
        case 1: bytes.insert(pick(interesting), at: at)
        case 2 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] = pick(interesting)
        case 3: bytes.removeSubrange(at...)
        default:
            let end = Int.random(in: at...bytes.count, using: &random)
            bytes.insert(contentsOf: bytes[at..<end], at: end)
        }
        return bytes
    }
}
