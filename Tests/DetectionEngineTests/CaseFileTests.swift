@testable import DetectionEngine
import Testing

/// Reading test case files (DESIGN §8): YAML and JSON give the same records, with the values a
/// JSON record would hold, and every malformed case is refused with its line.
@Suite struct CaseFileTests {
    func yaml(_ text: String) throws -> CaseNode {
        try #require(try CaseNode.parseYAML(text, path: "cases.yml"))
    }

    @Test func yamlScalarsBecomeWhatJSONWouldHold() throws {
        let node = try yaml("""
            {ip: 203.0.113.7, ts: 2024-05-01T12:00:00Z, big: 123456789012345678901234567890, hex: 0x10,
             f: 1.5, t: true, n: null, quoted: "true", version: 1.2.3}
            """)
        #expect(node.jsonText == #"{"ip":"203.0.113.7","ts":"2024-05-01T12:00:00Z","big":123456789012345678901234567890,"hex":16,"f":1.5,"t":true,"n":null,"quoted":"true","version":"1.2.3"}"#)
    }

    @Test func jsonKeepsNumbersAsWrittenAndLinesOfEveryValue() throws {
        let node = try CaseJSONReader.parse("{\n\t\"a\": 1e3,\n\t\"b\": [\"\\u00e9\\/\", -0.5],\n\t\"a\": 2\n}", path: "c.json")
        #expect(node.jsonText == #"{"a":2,"b":["é/",-0.5]}"#, "the last duplicate wins, at the first one's place")
        #expect(node.entries?.map(\.keyLine) == [4, 3])
        #expect(node["b"]?.items?.first?.line == 3)
    }

    @Test func jsonErrorsNameTheLine() throws {
        #expect(throws: CaseFileError.self) { try CaseJSONReader.parse("[1,\n2,\n]", path: "c.json") }
        do {
            _ = try CaseJSONReader.parse("[1,\n2,\n]", path: "c.json")
        } catch {
            #expect(error.line == 3)
            #expect(error.description.hasPrefix("c.json:3: not valid JSON"))
        }
    }

    @Test func aCaseReadsEveryKey() throws {
        let node = try yaml("""
            name: full
            records: [{a: 1}, {a: 2}]
            now: 1714564800
            cache: {ns: {n: 3, s: text, b: false, set: [x, y]}}
            mocks: {lookup: admin, obj.attr: 1}
            expect:
              matches: [true, false]
              title: t
              description: null
              destinations: [slack]
              alert_context: {k: v}
              raises: KeyError
              alerts: [{dedupe: d, activated: true, match_count: 1, severity: low}]
              cache: {ns: {n: 4, gone: null}}
            """)
        let testCase = try TestCase(node, file: "cases.yml")
        #expect(testCase.isSequence && testCase.records.count == 2)
        #expect(testCase.now == 1714564800)
        #expect(testCase.cache.map(\.value) == [.counter(3), .string("text"), .bool(false), .stringSet(["x", "y"])])
        #expect(testCase.mocks.map(\.name) == ["lookup", "obj.attr"])
        #expect(testCase.expect.matches == [true, false])
        #expect(testCase.expect.fields.map(\.key) == ["title", "description", "destinations", "alert_context"])
        #expect(testCase.expect.raises == "KeyError")
        #expect(testCase.expect.alerts?.first?.severity == "low")
        #expect(testCase.expect.cache.map(\.value) == [.counter(4), nil])
    }

    @Test(arguments: [
        ("name: a\nrecord: {a: 1}\nexpect: [true]\n", 3, "for one 'record'"),
        ("name: a\nrecords: [{a: 1}]\nexpect: true\n", 3, "for 'records'"),
        ("name: a\nrecords: [{a: 1}, {a: 2}]\nexpect: [true]\n", 3, "1 values for 2 records"),
        ("name: a\nrecord: [1]\n", 2, "a record must be a mapping"),
        ("record: {a: 1}\n", 1, "needs a 'name'"),
        ("name: a\nrecord: {a: 1}\nnow: yesterday\n", 3, "'now' must be RFC 3339"),
        ("name: a\nrecord: {a: 1}\nexpect:\n  alerts: [{dedupe: d}]\n", 4, "needs 'dedupe', 'activated' and 'match_count'"),
        ("name: a\nrecord: {a: 1}\ncache: {ns: {k: 99999999999999999999}}\n", 3, "not a counter"),
    ])
    func malformedCasesAreRefusedWithTheirLine(text: String, line: Int, message: String) throws {
        let node = try yaml(text)
        do {
            _ = try TestCase(node, file: "cases.yml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func junitEscapesMarkupAndCharactersXMLCannotHold() {
        #expect(JUnitReport.escape("a<b>&\"c\"'\n\u{01}") == "a&lt;b&gt;&amp;&quot;c&quot;&apos;&#10;\u{FFFD}")
    }
}
