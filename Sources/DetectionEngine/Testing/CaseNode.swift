/// A value read from a test file (YAML or JSON) or from what a detection produced: the JSON
/// data model, each node with the line it starts on (0 when it came from a run, not a file).
struct CaseNode: Sendable {
    enum Kind: Sendable {
        case null
        case bool(Bool)
        /// The number as written, so that large integers stay exact on their way to the decoder.
        case number(String)
        case string(String)
        case list([CaseNode])
        case map([Entry])
    }

    struct Entry: Sendable {
        let key: String
        let keyLine: Int
        let value: CaseNode
    }

    let kind: Kind
    let line: Int

    init(_ kind: Kind, line: Int = 0) {
        self.kind = kind
        self.line = line
    }

    var entries: [Entry]? {
        if case let .map(entries) = kind { return entries }
        return nil
    }

    var items: [CaseNode]? {
        if case let .list(items) = kind { return items }
        return nil
    }

    var string: String? {
        if case let .string(text) = kind { return text }
        return nil
    }

    var bool: Bool? {
        if case let .bool(flag) = kind { return flag }
        return nil
    }

    var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    /// The value at `key` of a mapping.
    subscript(key: String) -> CaseNode? {
        entries?.last { $0.key == key }?.value
    }

    /// What a person reads: the kind of value, for "must be ..." messages.
    var kindName: String {
        switch kind {
        case .null: "null"
        case .bool: "a bool"
        case .number: "a number"
        case .string: "a string"
        case .list: "a list"
        case .map: "a mapping"
        }
    }
}

extension CaseNode {
    /// Same value, lines aside; numbers compare by value (`1` equals `1.0`, as in Python).
    func sameValue(as other: CaseNode) -> Bool {
        switch (kind, other.kind) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.number(a), .number(b)):
            if a == b { return true }
            if let x = Int(a), let y = Int(b) { return x == y }
            guard let x = Double(a), let y = Double(b) else { return false }
            return x == y
        case let (.list(a), .list(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.sameValue(as: $1) }
        case let (.map(a), .map(b)):
            guard a.count == b.count else { return false }
            return a.allSatisfy { entry in other[entry.key].map { entry.value.sameValue(as: $0) } ?? false }
        default:
            return false
        }
    }

    /// Compact JSON text, keys in their order. Non-finite numbers keep Python's spelling
    /// (`NaN`, `Infinity`), which the record decoder accepts as `json.loads` does.
    var jsonText: String {
        var bytes: [UInt8] = []
        appendJSON(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    func appendJSON(to bytes: inout [UInt8]) {
        switch kind {
        case .null: bytes += Array("null".utf8)
        case let .bool(flag): bytes += Array((flag ? "true" : "false").utf8)
        case let .number(text): bytes += Array(text.utf8)
        case let .string(text): JSONObjectText.appendQuoted(text, to: &bytes)
        case let .list(items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                item.appendJSON(to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case let .map(entries):
            bytes.append(UInt8(ascii: "{"))
            for (index, entry) in entries.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONObjectText.appendQuoted(entry.key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                entry.value.appendJSON(to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }
}
