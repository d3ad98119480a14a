import Yams

extension CaseNode {
    /// A scalar read as Panther's tool reads its specs (PyYAML's safe loader with YAML 1.2's
    /// booleans and integers): quoted scalars are text; a plain one is null (`~`, `null`,
    /// empty), a bool (only `true`/`false` in their three spellings), an integer (decimal, even
    /// with leading zeros; `0x`, `0b`), a float (with a dot, or `.inf`/`.nan`), else text —
    /// timestamps, `yes`/`on` and `1:30` included.
    static func yaml12Kind(_ scalar: Node.Scalar) -> Kind {
        let text = scalar.string
        guard scalar.style == .plain else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number("Infinity")
        case "-.inf", "-.Inf", "-.INF": return .number("-Infinity")
        case ".nan", ".NaN", ".NAN": return .number("NaN")
        default: break
        }
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: ".") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else {
            return .string(text)
        }
        return integer(text) ?? float(text) ?? .string(text)
    }

    private static func integer(_ text: String) -> Kind? {
        var body = Substring(text.replacingOccurrences(of: "_", with: ""))
        let negative = body.first == "-"
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        var value: Int?
        if body.hasPrefix("0x") || body.hasPrefix("0X") {
            value = Int(body.dropFirst(2), radix: 16)
        } else if body.hasPrefix("0b") || body.hasPrefix("0B") {
            value = Int(body.dropFirst(2), radix: 2)
        } else if isDecimalInteger(String(body)) {
            // Past 64 bits: the digits as written, less leading zeros (JSON allows none).
            let digits = body.drop { $0 == "0" }
            guard let parsed = Int(body) else { return .number((negative ? "-" : "") + (digits.isEmpty ? "0" : digits)) }
            value = parsed
        }
        return value.map { .number(String(negative ? -$0 : $0)) }
    }

    /// PyYAML's float: digits with a dot (`1.5`, `1.`, `.5`), an optional exponent with a sign.
    private static func float(_ text: String) -> Kind? {
        let body = text.replacingOccurrences(of: "_", with: "")
        guard body.contains("."), body.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              body.filter({ $0 == "." }).count == 1, let value = Double(body), value.isFinite else { return nil }
        return .number(String(value))
    }
}
