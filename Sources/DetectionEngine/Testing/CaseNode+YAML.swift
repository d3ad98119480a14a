import Yams

/// A test file that cannot be used, or a case in it that is malformed: `path:line: message`.
public struct CaseFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let line: Int
    public let message: String

    public var description: String { line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)" }
}

extension CaseNode {
    /// How plain scalars read: YAML 1.1 as Yams reads it (`yes`/`on` are booleans), or YAML 1.2
    /// as Panther's tool reads its specs (only `true`/`false` are; `0644` is decimal; `1:30` text).
    enum Dialect: Sendable { case yaml11, yaml12 }

    /// Parses YAML text into nodes; nil for an empty document.
    static func parseYAML(_ text: String, path: String, dialect: Dialect = .yaml11) throws(CaseFileError) -> CaseNode? {
        let root: Node?
        do {
            // Yams' tag rules are regular expressions run on every scalar; the YAML 1.2 reading
            // resolves plain scalars itself, by looking at their characters.
            root = try Yams.compose(yaml: text, dialect == .yaml12 ? .basic : .default)
        } catch let error as YamlError {
            throw Self.describe(error, path: path)
        } catch {
            throw CaseFileError(path: path, line: 0, message: "not valid YAML: \(error)")
        }
        guard let root else { return nil }
        return try CaseNode(yaml: root, path: path, dialect: dialect)
    }

    init(yaml node: Node, path: String, dialect: Dialect = .yaml11) throws(CaseFileError) {
        let line = node.mark?.line ?? 0
        switch node {
        case let .scalar(scalar):
            self.init(dialect == .yaml12 ? Self.yaml12Kind(scalar) : Self.scalarKind(scalar, node), line: line)
        case let .sequence(sequence):
            var items: [CaseNode] = []
            for item in sequence { items.append(try CaseNode(yaml: item, path: path, dialect: dialect)) }
            self.init(.list(items), line: line)
        case let .mapping(mapping):
            var entries: [Entry] = []
            for (key, value) in mapping {
                guard case let .scalar(keyScalar) = key else {
                    throw CaseFileError(path: path, line: key.mark?.line ?? line, message: "a mapping key must be a plain value")
                }
                entries.append(Entry(key: keyScalar.string, keyLine: key.mark?.line ?? line,
                                     value: try CaseNode(yaml: value, path: path, dialect: dialect)))
            }
            self.init(.map(entries), line: line)
        case .alias:
            throw CaseFileError(path: path, line: line, message: "YAML aliases are not supported in test cases")
        }
    }

    /// YAML's reading of a scalar (`true`, `3`, `1.5`, `~`), with timestamps kept as the text
    /// written, since a JSON record holds them as strings.
    private static func scalarKind(_ scalar: Node.Scalar, _ node: Node) -> Kind {
        let text = scalar.string
        switch Tag.Name(rawValue: node.tag.rawValue) {
        case .null: return .null
        case .bool: return node.bool.map(Kind.bool) ?? .string(text)
        case .int:
            if let value = node.int { return .number(String(value)) }
            let digits = text.replacingOccurrences(of: "_", with: "")
            guard isDecimalInteger(digits) else { return .string(text) }
            return .number(digits.hasPrefix("+") ? String(digits.dropFirst()) : digits)
        case .float:
            guard let value = node.float else { return .string(text) }
            if value.isNaN { return .number("NaN") }
            if value.isInfinite { return .number(value < 0 ? "-Infinity" : "Infinity") }
            return .number(String(value))
        default: return .string(text)
        }
    }

    static func isDecimalInteger(_ text: String) -> Bool {
        let body = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !body.isEmpty && body.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func describe(_ error: YamlError, path: String) -> CaseFileError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return CaseFileError(path: path, line: mark.line, message: "not valid YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return CaseFileError(path: path, line: context.mark.line,
                                 message: "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) in a mapping")
        default:
            return CaseFileError(path: path, line: 0, message: "not valid YAML: \(error)")
        }
    }
}
