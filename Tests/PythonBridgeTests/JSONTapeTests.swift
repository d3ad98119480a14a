import PythonBridge
import Testing

/// `JSONTape`, the scan of a document's structure that the engine's reader thread makes: what it
/// takes (plain JSON) and what it leaves to the parser. That a document decodes the same either
/// way is the differential tests' job.
@Suite struct JSONTapeTests {
    private func kinds(_ text: String) -> [JSONTape.Entry.Kind]? {
        let tape = JSONTape()
        return Array(text.utf8).withUnsafeBytes { raw in
            guard let first = tape.scan(raw) else { return nil }
            return tape.entries[first...].map(\.kind)
        }
    }

    @Test func aPlainRecordIsScannedInDocumentOrder() throws {
        #expect(kinds(#" {"a": [1, 2.5, "x"], "b": null, "c": {}} "#) == [
            .openObject, .key, .openArray, .int, .number, .string, .closeArray, .key, .null, .key, .openObject,
            .closeObject, .closeObject,
        ])
        #expect(kinds(#"[true,false,"é",-0,12345678901234567890]"#) == [
            .openArray, .true, .false, .string, .int, .number, .closeArray,
        ])
    }

    @Test func closesCarryTheirItemCountsAndIntsTheirValues() throws {
        let tape = JSONTape()
        let first = try #require(Array(#"{"a": [1, -22, 3], "b": {"c": 0}}"#.utf8).withUnsafeBytes { tape.scan($0) })
        let entries = Array(tape.entries[first...])
        #expect(entries.filter { $0.kind == .closeArray }.map(\.length) == [3])
        #expect(entries.filter { $0.kind == .closeObject }.map(\.length) == [1, 2])
        #expect(entries.filter { $0.kind == .int }.map { Int64(bitPattern: $0.payload) } == [1, -22, 3, 0])
    }

    @Test func whatIsNotPlainIsLeftToTheParser() {
        for text in [
            #"{"a": "line\nbreak"}"#, #"{"a": "\u00e9"}"#, "{\"a\": \"\u{1}\"}", #"{"a": NaN}"#, #"[Infinity]"#,
            #"[-Infinity]"#, #"[01]"#, #"[1.]"#, #"[1e]"#, #"[-]"#, #"[1,]"#, #"{"a" 1}"#, #"{"a": 1} x"#,
            #"{"a": 1"#, #"{a: 1}"#, "\u{FEFF}{}", "", "   ", #"[tru]"#, #"{"a": 1,}"#,
        ] {
            #expect(kinds(text) == nil, "scanned: \(text.debugDescription)")
        }
    }

    @Test func oneTapeHoldsManyDocumentsAndAGiveUpLeavesNothingBehind() throws {
        let tape = JSONTape()
        let first = try #require(Array(#"{"a": 1}"#.utf8).withUnsafeBytes { tape.scan($0) })
        let count = tape.entries.count
        #expect(Array(#"{"a": [1, "\t"]}"#.utf8).withUnsafeBytes { tape.scan($0) } == nil)
        #expect(tape.entries.count == count)
        let second = try #require(Array(#"[2]"#.utf8).withUnsafeBytes { tape.scan($0) })
        #expect(first == 0 && second == count)
        #expect(tape.entries[second...].map(\.kind) == [.openArray, .int, .closeArray])
    }
}
