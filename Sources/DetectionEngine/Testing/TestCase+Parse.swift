import CacheCore

extension TestCase {
    static let keys: Set<String> = ["name", "record", "records", "expect", "cache", "now", "mocks"]
    static let expectKeys: Set<String> = Set(["match", "matches", "raises", "alerts", "cache"] + Expectation.fieldKeys)
    static let alertKeys: Set<String> = ["dedupe", "activated", "match_count", "title", "severity"]

    /// The cases a node holds: one mapping, or a list of them.
    static func cases(in node: CaseNode, file: String) throws(CaseFileError) -> [TestCase] {
        if let items = node.items {
            var cases: [TestCase] = []
            for item in items { cases.append(try TestCase(item, file: file)) }
            return cases
        }
        return [try TestCase(node, file: file)]
    }

    init(_ node: CaseNode, file: String) throws(CaseFileError) {
        let reader = CaseReader(file: file)
        guard let entries = node.entries else { throw reader.error(node, "a test case must be a mapping, not \(node.kindName)") }
        for entry in entries where !Self.keys.contains(entry.key) {
            throw reader.error(line: entry.keyLine, "unknown key '\(entry.key)' in a test case (known: \(Self.keys.sorted().joined(separator: ", ")))")
        }
        guard let nameNode = node["name"] else { throw reader.error(node, "a test case needs a 'name'") }
        let name = try reader.string(nameNode, "name")
        let records: [CaseNode]
        let isSequence: Bool
        switch (node["record"], node["records"]) {
        case let (record?, nil):
            records = [try reader.record(record)]
            isSequence = false
        case let (nil, list?):
            guard let items = list.items, !items.isEmpty else { throw reader.error(list, "'records' must be a non-empty list of records") }
            var parsed: [CaseNode] = []
            for item in items { parsed.append(try reader.record(item)) }
            records = parsed
            isSequence = true
        case (_?, _?):
            throw reader.error(node, "case '\(name)' has both 'record' and 'records': give exactly one")
        case (nil, nil):
            throw reader.error(node, "case '\(name)' has neither 'record' nor 'records': give exactly one")
        }
        var expect = Expectation()
        if let expectNode = node["expect"] {
            expect = try reader.expectation(expectNode, records: records.count, isSequence: isSequence)
        }
        var seeds: [CacheSeed] = []
        if let seedNode = node["cache"] { seeds = try reader.seeds(seedNode) }
        var now: Double?
        if let timeNode = node["now"] { now = try reader.time(timeNode) }
        var mocks: [Mock] = []
        if let mockNode = node["mocks"] { mocks = try reader.mocks(mockNode) }
        self.init(name: name, file: file, line: node.line, records: records, isSequence: isSequence,
                  expect: expect, cache: seeds, now: now, mocks: mocks)
    }
}

/// Typed reads of a case's nodes; errors name the file and the node's line.
struct CaseReader {
    let file: String

    func error(_ node: CaseNode, _ message: String) -> CaseFileError {
        CaseFileError(path: file, line: node.line, message: message)
    }

    func error(line: Int, _ message: String) -> CaseFileError {
        CaseFileError(path: file, line: line, message: message)
    }

    func string(_ node: CaseNode, _ key: String) throws(CaseFileError) -> String {
        guard let text = node.string else { throw error(node, "'\(key)' must be a string, not \(node.kindName)") }
        return text
    }

    func record(_ node: CaseNode) throws(CaseFileError) -> CaseNode {
        guard node.entries != nil else { throw error(node, "a record must be a mapping (a JSON object), not \(node.kindName)") }
        return node
    }

    func mapping(_ node: CaseNode, _ key: String) throws(CaseFileError) -> [CaseNode.Entry] {
        guard let entries = node.entries else { throw error(node, "'\(key)' must be a mapping, not \(node.kindName)") }
        return entries
    }

    func bools(_ node: CaseNode, _ key: String, count: Int) throws(CaseFileError) -> [Bool] {
        guard let items = node.items else { throw error(node, "'\(key)' must be a list of true/false, one per record") }
        var flags: [Bool] = []
        for item in items {
            guard let flag = item.bool else { throw error(item, "'\(key)' must be a list of true/false, not holding \(item.kindName)") }
            flags.append(flag)
        }
        guard flags.count == count else { throw error(node, "'\(key)' has \(flags.count) values for \(count) records") }
        return flags
    }

    func expectation(_ node: CaseNode, records: Int, isSequence: Bool) throws(CaseFileError) -> Expectation {
        var expectation = Expectation()
        if let flag = node.bool {
            guard !isSequence else { throw error(node, "for 'records', 'expect' is a list of true/false (one per record) or a mapping") }
            expectation.matches = [flag]
            return expectation
        }
        if node.items != nil {
            guard isSequence else { throw error(node, "for one 'record', 'expect' is true, false or a mapping") }
            expectation.matches = try bools(node, "expect", count: records)
            return expectation
        }
        guard let entries = node.entries else { throw error(node, "'expect' must be true, false, a list of them, or a mapping") }
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "match":
                guard !isSequence else { throw error(line: entry.keyLine, "'match' is for one 'record'; a sequence uses 'matches'") }
                guard let flag = value.bool else { throw error(value, "'match' must be true or false") }
                expectation.matches = [flag]
            case "matches":
                guard isSequence else { throw error(line: entry.keyLine, "'matches' is for 'records'; one record uses 'match'") }
                expectation.matches = try bools(value, "matches", count: records)
            case "raises":
                expectation.raises = try string(value, "raises")
            case "alerts":
                expectation.alerts = try alerts(value)
            case "cache":
                expectation.cache = try cacheChecks(value)
            case "title", "dedupe", "severity":
                _ = try string(value, entry.key)
                expectation.fields.append((entry.key, value))
            case "description", "runbook", "reference":
                if !value.isNull { _ = try string(value, entry.key) }
                expectation.fields.append((entry.key, value))
            case "destinations":
                guard let items = value.items, items.allSatisfy({ $0.string != nil }) else {
                    throw error(value, "'destinations' must be a list of strings")
                }
                expectation.fields.append((entry.key, value))
            case "alert_context":
                expectation.fields.append((entry.key, value))
            default:
                throw error(line: entry.keyLine, "unknown key '\(entry.key)' in 'expect' (known: \(TestCase.expectKeys.sorted().joined(separator: ", ")))")
            }
        }
        return expectation
    }

    private func alerts(_ node: CaseNode) throws(CaseFileError) -> [Expectation.AlertExpectation] {
        guard let items = node.items else { throw error(node, "'alerts' must be a list of {dedupe, activated, match_count}") }
        var alerts: [Expectation.AlertExpectation] = []
        for item in items {
            let entries = try mapping(item, "alerts[]")
            for entry in entries where !TestCase.alertKeys.contains(entry.key) {
                throw error(line: entry.keyLine, "unknown key '\(entry.key)' in an alert (known: \(TestCase.alertKeys.sorted().joined(separator: ", ")))")
            }
            guard let dedupe = item["dedupe"], let activated = item["activated"], let count = item["match_count"] else {
                throw error(item, "an alert needs 'dedupe', 'activated' and 'match_count'")
            }
            guard let flag = activated.bool else { throw error(activated, "'activated' must be true or false") }
            guard case let .number(text) = count.kind, let matchCount = Int(text) else {
                throw error(count, "'match_count' must be a whole number")
            }
            alerts.append(.init(dedupe: try string(dedupe, "dedupe"), activated: flag, matchCount: matchCount,
                                title: try item["title"].map { title throws(CaseFileError) in try string(title, "title") },
                                severity: try item["severity"].map { severity throws(CaseFileError) in try string(severity, "severity") }))
        }
        return alerts
    }

    /// `{namespace: {key: value}}` with every value a cache value.
    func seeds(_ node: CaseNode) throws(CaseFileError) -> [TestCase.CacheSeed] {
        var seeds: [TestCase.CacheSeed] = []
        for namespace in try mapping(node, "cache") {
            for entry in try mapping(namespace.value, "cache.\(namespace.key)") {
                guard let value = try cacheValue(entry.value, "cache.\(namespace.key).\(entry.key)") else {
                    throw error(entry.value, "'cache.\(namespace.key).\(entry.key)': null cannot be stored (leave the key out)")
                }
                seeds.append(.init(namespace: namespace.key, key: entry.key, value: value))
            }
        }
        return seeds
    }

    private func cacheChecks(_ node: CaseNode) throws(CaseFileError) -> [Expectation.CacheCheck] {
        var checks: [Expectation.CacheCheck] = []
        for namespace in try mapping(node, "expect.cache") {
            for entry in try mapping(namespace.value, "expect.cache.\(namespace.key)") {
                checks.append(.init(namespace: namespace.key, key: entry.key,
                                    value: try cacheValue(entry.value, "expect.cache.\(namespace.key).\(entry.key)")))
            }
        }
        return checks
    }

    /// int → counter, str → string, bool → bool, list of str → string set; nil for null.
    private func cacheValue(_ node: CaseNode, _ key: String) throws(CaseFileError) -> CacheValue? {
        switch node.kind {
        case .null: return nil
        case let .bool(flag): return .bool(flag)
        case let .string(text): return .string(text)
        case let .number(text):
            guard let count = Int64(text) else { throw error(node, "'\(key)': \(text) is not a counter (a whole number in 64 bits)") }
            return .counter(count)
        case let .list(items):
            var members: Set<String> = []
            for item in items {
                guard let member = item.string else { throw error(item, "'\(key)': a string set holds only strings") }
                members.insert(member)
            }
            return .stringSet(members)
        case .map:
            throw error(node, "'\(key)': a cache value is an int, a str, a bool or a list of str, not a mapping")
        }
    }

    /// RFC 3339 text or epoch seconds.
    func time(_ node: CaseNode) throws(CaseFileError) -> Double {
        switch node.kind {
        case let .number(text):
            if let seconds = Double(text).flatMap(EventTime.seconds(fromNumber:)) { return seconds }
        case let .string(text):
            if let seconds = EventTime.seconds(fromRFC3339: text) { return seconds }
        default: break
        }
        throw error(node, "'now' must be RFC 3339 (2024-05-01T12:00:00Z) or epoch seconds")
    }

    func mocks(_ node: CaseNode) throws(CaseFileError) -> [TestCase.Mock] {
        var mocks: [TestCase.Mock] = []
        for entry in try mapping(node, "mocks") {
            let parts = entry.key.split(separator: ".", omittingEmptySubsequences: false)
            guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else {
                throw error(line: entry.keyLine, "mock '\(entry.key)' is not a name or a dotted path")
            }
            mocks.append(.init(name: entry.key, value: entry.value, line: entry.keyLine))
        }
        return mocks
    }
}
