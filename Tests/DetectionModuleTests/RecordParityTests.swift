import DetectionModule
import PythonBridge
import Testing

/// The record parity battery (issue 13): a record the host decodes, through the tape as the
/// engine does and through the parser alone, must behave exactly as `json.loads` of its line
/// under every expression of `RecordParityHarness` — on the record, on an object nested in it
/// and on a list in it — both when the expression is the very first thing done to a fresh
/// record and when all of them run one after another on the same record.
@Suite struct RecordParityTests {
    init() {
        DetectionModule.start()
        Python.withGIL { gil in
            do { _ = try importModule("detection", gil) } catch { Issue.record("import detection: \(error)") }
        }
    }

    struct Line: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        /// Whether the tape takes it (no escapes, no NaN): then the tape path must really be used.
        let plain: Bool
        var testDescription: String { name }
    }

    static let lines: [Line] = [
        Line(name: "nested", text: #"{"a": 1, "nested": {"x": {"y": [1, 2, {"z": null}]}, "t": true}, "list": [{"k": "v", "n": [1, 2]}, 2, "s"], "b": false}"#, plain: true),
        Line(name: "unicode", text: #"{"name": "Besançon", "emoji": "😀 ok", "cjk": "日本語", "nested": {"é": "ü", "a": "x"}, "list": [{"ключ": "значение"}, "ß"]}"#, plain: true),
        Line(name: "escapes", text: #"{"esc": "tab\there \"q\" \\ \/ \u00e9 \ud83d\ude00 \n", "nested": {"k\"ey": "v\u0000", "a\/b": "\r\n"}, "list": [{"\u00e9": "\ud800"}, "\""], "a": "\u0041"}"#, plain: false),
        Line(name: "duplicate keys", text: #"{"dup": 1, "a": 0, "dup": 2, "nested": {"a": 1, "b": 0, "a": {"b": 2}}, "list": [{"k": 1, "k": 2}, {"k": 3}], "dup": {"last": true}}"#, plain: true),
        Line(name: "numbers", text: #"{"big": 123456789012345678901234567890, "neg": -99999999999999999999, "i18": 999999999999999999, "a": -0, "f": 1.5, "huge": 1e400, "tiny": 5e-324, "negz": -0.0, "exp": 1E+2, "nested": {"f": 0.1, "e": 2.5e-3}, "list": [{"f": 1e22}, 3.0, 17]}"#, plain: true),
        Line(name: "NaN and infinities", text: #"{"nan": NaN, "a": Infinity, "neg": -Infinity, "nested": {"n": NaN}, "list": [{"i": Infinity}, NaN]}"#, plain: false),
        Line(name: "empty containers", text: #"{"o": {}, "l": [], "s": "", "nested": {}, "list": [{}, [], ""], "a": [[]]}"#, plain: true),
        Line(name: "deep nesting", text: "{\"a\": 0, \"nested\": " + String(repeating: "{\"d\": ", count: 60) + "[1]" + String(repeating: "}", count: 60)
            + ", \"list\": [" + String(repeating: "{\"l\": [", count: 30) + "2" + String(repeating: "]}", count: 30) + "]}", plain: true),
        Line(name: "empty record", text: "{}", plain: true),
        Line(name: "whitespace around", text: " \t{ \"a\" : [ 1 , { \"b\" : 2 } ] , \"list\" : [ ] }\r\n", plain: true),
    ]

    /// The parts each expression runs on: the record itself, an object in it, an object in a
    /// list in it (mappings), and a list in it. A line without that part skips it.
    static let targets: [(kind: String, path: String)] = [
        ("mapping", "[]"), ("mapping", #"["nested"]"#), ("mapping", #"["list", 0]"#), ("list", #"["list"]"#),
    ]

    @Test(arguments: lines)
    func eachExpressionAsTheFirstThingDoneToAFreshRecord(line: Line) throws {
        try Python.withGIL { gil in
            let harness = try RecordParityHarness(gil)
            var failures: [String] = []
            var runs = 0
            for target in Self.targets {
                guard try harness.line(line.text, has: target.kind, at: target.path, gil) else { continue }
                for index in 0..<(try harness.expressionCount(target.kind, gil)) {
                    var outcomes: [RecordParityHarness.Source: String] = [:]
                    for source in RecordParityHarness.Source.allCases {
                        var scanned = false
                        let root = try harness.record(line.text, from: source, scanned: &scanned, gil)
                        if source == .tape { #expect(scanned == line.plain, "the tape took \(line.name): \(scanned)") }
                        outcomes[source] = try harness.outcome(target.kind, index, root: root.pointer(gil), line: line.text,
                                                               path: target.path, gil)
                        runs += 1
                    }
                    for source in [RecordParityHarness.Source.tape, .parser] where outcomes[source] != outcomes[.jsonLoads] {
                        failures.append("\(target.kind) #\(index) at \(target.path), \(source): \(outcomes[source] ?? "")\n  json.loads: \(outcomes[.jsonLoads] ?? "")")
                    }
                }
            }
            #expect(runs > 0)
            #expect(failures.isEmpty, "\(failures.count) differences on \(line.name), first:\n\(failures.prefix(3).joined(separator: "\n"))")
        }
    }

    @Test(arguments: lines)
    func everyExpressionInTurnOnOneRecord(line: Line) throws {
        try Python.withGIL { gil in
            let harness = try RecordParityHarness(gil)
            var failures: [String] = []
            for target in Self.targets {
                guard try harness.line(line.text, has: target.kind, at: target.path, gil) else { continue }
                let count = try harness.expressionCount(target.kind, gil)
                var sequences: [RecordParityHarness.Source: [String]] = [:]
                for source in RecordParityHarness.Source.allCases {
                    var scanned = false
                    let root = try harness.record(line.text, from: source, scanned: &scanned, gil)
                    sequences[source] = try (0..<count).map { index in
                        try harness.outcome(target.kind, index, root: root.pointer(gil), line: line.text, path: target.path, gil)
                    }
                }
                for source in [RecordParityHarness.Source.tape, .parser] {
                    let mine = sequences[source] ?? [], theirs = sequences[.jsonLoads] ?? []
                    #expect(mine.count == theirs.count)
                    if let index = mine.indices.first(where: { $0 < theirs.count && mine[$0] != theirs[$0] }) {
                        failures.append("\(target.kind) #\(index) at \(target.path) after the ones before, \(source): \(mine[index])\n  json.loads: \(theirs[index])")
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.count) differences on \(line.name), first:\n\(failures.prefix(3).joined(separator: "\n"))")
        }
    }

    /// The battery counts a Record as the dict json.loads makes; here, what the types are: a
    /// record stays a record through copies, pickling and `fromkeys`, and becomes a plain dict
    /// where dict's own code makes a new dict (`dict(r)`, `{**r}`, `r | {}`, `r.copy()`).
    @Test(arguments: [RecordParityHarness.Source.tape, .parser])
    func copiesAndRoundTripsOfARecordAreRecords(source: RecordParityHarness.Source) throws {
        let line = Self.lines[0].text
        try Python.withGIL { gil in
            let harness = try RecordParityHarness(gil)
            var scanned = false
            let expressions = [
                "type(r)", "type(r['nested'])", "type(r['list'][0])", "type(r['list'])", "type(copy.copy(r))",
                "type(copy.deepcopy(r))", "type(copy.deepcopy(r)['nested'])", "type(copy.copy(r)['nested'])",
                "type(pickle.loads(pickle.dumps(r)))", "type(pickle.loads(pickle.dumps(r, protocol=0)))",
                "type(pickle.loads(pickle.dumps(r))['list'][0])", "type(r.fromkeys([]))", "type(dict(r))", "type({**r})",
                "type(r | {})", "type(r.copy())", "type(dict(r)['nested'])",
            ]
            let root = try harness.record(line, from: source, scanned: &scanned, gil)
            let names = try expressions.map { try harness.typeName($0, of: root.pointer(gil), gil) }
            #expect(names == [
                "Record", "Record", "Record", "list", "Record",
                "Record", "Record", "Record",
                "Record", "Record",
                "Record", "Record", "dict", "dict",
                "dict", "dict", "Record",
            ])
        }
    }
}
