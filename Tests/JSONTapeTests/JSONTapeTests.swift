import JSONTape
import Testing

/// `JSONTape`, the scan of a document's structure that the engine's reader thread makes, tested
/// without an interpreter: the entries the decoder builds from (kinds, offsets, lengths, counts,
/// flags, hashes) and what the scan leaves to the parser. That a document decodes the same either
/// way is the decoder's differential tests' job (PythonBridgeTests).
@Suite struct JSONTapeTests {
    /// The entries of `text` scanned alone, or nil when the scan gives up.
    private func scanned(_ text: String) -> [JSONTape.Entry]? {
        let tape = JSONTape()
        return Array(text.utf8).withUnsafeBytes { raw in
            guard let first = tape.scan(raw) else { return nil }
            return Array(tape.entries[first...])
        }
    }

    private func kinds(_ text: String) -> [JSONTape.Entry.Kind]? {
        scanned(text)?.map(\.kind)
    }

    /// The bytes of `text` an entry covers (strings: inside the quotes; numbers: the number).
    private func slice(_ text: String, _ entry: JSONTape.Entry) -> String {
        let bytes = Array(text.utf8)
        return String(decoding: bytes[Int(entry.offset)..<Int(entry.offset) + Int(entry.length)], as: UTF8.self)
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

    @Test func aDocumentMayBeAnyValue() {
        #expect(kinds("1") == [.int])
        #expect(kinds(" -1.5e3\r\n") == [.number])
        #expect(kinds(#""text""#) == [.string])
        #expect(kinds("null") == [.null])
        #expect(kinds("true") == [.true])
        #expect(kinds("false") == [.false])
        #expect(kinds("[]") == [.openArray, .closeArray])
        #expect(kinds("{ }") == [.openObject, .closeObject])
    }

    @Test func closesCarryTheirItemCountsAndIntsTheirValues() throws {
        let entries = try #require(scanned(#"{"a": [1, -22, 3], "b": {"c": 0}, "d": [], "e": [[], {}]}"#))
        // Closes in the order they close; objects count pairs, arrays items.
        #expect(entries.filter { $0.kind == .closeArray }.map(\.length) == [3, 0, 0, 2])
        #expect(entries.filter { $0.kind == .closeObject }.map(\.length) == [1, 0, 4])
        #expect(entries.filter { $0.kind == .int }.map { Int64(bitPattern: $0.payload) } == [1, -22, 3, 0])
    }

    @Test func aCloseHasTheOffsetOfItsOpeningBracket() throws {
        let text = #"{"a": [1, {"b": 2}]}"#
        let entries = try #require(scanned(text))
        let opens = entries.filter { $0.kind == .openObject || $0.kind == .openArray }.map(\.offset)
        #expect(opens == [0, 6, 10])
        let closes = entries.filter { $0.kind == .closeObject || $0.kind == .closeArray }.map(\.offset)
        #expect(closes == [10, 6, 0])
    }

    @Test func stringsAndKeysPointInsideTheirQuotes() throws {
        let text = #"{"key": "value", "": "", "ünï": "ok"}"#
        let entries = try #require(scanned(text))
        let strings = entries.filter { $0.kind == .key || $0.kind == .string }
        #expect(strings.map(\.kind) == [.key, .string, .key, .string, .key, .string])
        #expect(strings.map { slice(text, $0) } == ["key", "value", "", "", "ünï", "ok"])
        #expect(strings.map(\.nonASCII) == [false, false, false, false, true, false])
    }

    @Test func theNonASCIIFlagSeesAByteAnywhereInTheString() throws {
        // Before, inside and after the first eight-byte word, and in the byte-by-byte tail.
        for text in [#"["éaaaaaaaaaaaaaaa"]"#, #"["aaaaaaaaaé"]"#, #"["aaaaaaaaaaaaaaaaé"]"#, #"["aé"]"#, #"["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa😀"]"#] {
            let entries = try #require(scanned(text), "\(text)")
            #expect(entries[1].nonASCII, "\(text)")
            #expect(slice(text, entries[1]) == String(text.dropFirst(2).dropLast(2)))
        }
        let ascii = try #require(scanned(#"["aaaaaaaaaaaaaaaaaaaaaaaa", "b"]"#))
        #expect(ascii.map(\.nonASCII) == [false, false, false, false])
    }

    @Test func shortStringsCarryTheMemoHashLongOnesDoNot() throws {
        let short = String(repeating: "s", count: JSONStringHash.maxLength)
        let long = String(repeating: "l", count: JSONStringHash.maxLength + 1)
        let text = "{\"\(short)\": \"\(long)\", \"k\": \"k\"}"
        let entries = try #require(scanned(text))
        let strings = entries.filter { $0.kind == .key || $0.kind == .string }
        #expect(strings.map(\.memoHashed) == [true, false, true, true])
        #expect(strings[2].payload == strings[3].payload, "the same bytes hash the same as key and as value")
        #expect(strings[0].payload != strings[2].payload)
        // The hash is the memo's, computed from the string's own bytes (whatever follows it).
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { input in
            for entry in strings where entry.memoHashed {
                let expected = JSONStringHash.hash(input.baseAddress!, start: Int(entry.offset), length: Int(entry.length), count: input.count)
                #expect(entry.payload == expected)
            }
        }
        // Read a word at a time far from the end of the input, byte by byte near it: the same hash.
        let early = try #require(scanned("{\"k\": \"\(long)\"}"))
        let alone = try #require(scanned(#""k""#))
        #expect(early[1].memoHashed && alone[0].memoHashed)
        #expect(early[1].payload == alone[0].payload)
    }

    @Test func numbersKeepTheirTextIntsUpTo18DigitsTheirValue() throws {
        let text = "[0, -0, 7, 999999999999999999, -999999999999999999, 1000000000000000000, 1.0, -2.5e-3, 1E+2, 3e10]"
        let entries = try #require(scanned(text))
        let values = entries.dropFirst().dropLast()
        #expect(values.map(\.kind) == [.int, .int, .int, .int, .int, .number, .number, .number, .number, .number])
        #expect(values.map { slice(text, $0) } == [
            "0", "-0", "7", "999999999999999999", "-999999999999999999", "1000000000000000000", "1.0", "-2.5e-3", "1E+2", "3e10",
        ])
        #expect(values.prefix(5).map { Int64(bitPattern: $0.payload) } == [0, 0, 7, 999_999_999_999_999_999, -999_999_999_999_999_999])
        #expect(values.allSatisfy { !$0.memoHashed && !$0.nonASCII })
    }

    @Test func literalsAndContainersHaveTheirOffsets() throws {
        let text = "[ null ,true,  false ]"
        let entries = try #require(scanned(text))
        #expect(entries.map(\.kind) == [.openArray, .null, .true, .false, .closeArray])
        #expect(entries.map(\.offset) == [0, 2, 8, 15, 0])
    }

    @Test func deepNestingNeedsNoRecursion() throws {
        let depth = 100_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let entries = try #require(scanned(text))
        #expect(entries.count == 2 * depth)
        #expect(entries.prefix(depth).allSatisfy { $0.kind == .openArray })
        #expect(entries[depth].length == 0)
        #expect(entries.suffix(depth - 1).allSatisfy { $0.kind == .closeArray && $0.length == 1 })
    }

    @Test func duplicateKeysAreAllOnTheTape() throws {
        // The decoder applies "the last one wins"; the tape records what is there.
        let entries = try #require(scanned(#"{"a": 1, "a": 2}"#))
        #expect(entries.map(\.kind) == [.openObject, .key, .int, .key, .int, .closeObject])
        #expect(entries.last?.length == 2)
    }

    @Test(arguments: [
        // Escapes and control characters in strings.
        #"{"a": "line\nbreak"}"#, #"{"a": "\u00e9"}"#, #"{"a": "\""}"#, #"{"a": "\/"}"#, #"{"a\\": 1}"#,
        "{\"a\": \"\u{1}\"}", "[\"tab\there\"]",
        // Numbers outside the usual form, and Python's extras.
        #"{"a": NaN}"#, #"[Infinity]"#, #"[-Infinity]"#, #"[01]"#, #"[1.]"#, #"[.5]"#, #"[1e]"#, #"[1e+]"#, #"[-]"#,
        #"[+1]"#, #"[1x]"#, #"[0x10]"#,
        // Syntax errors.
        #"[1,]"#, #"{"a" 1}"#, #"{"a": 1,}"#, #"{"a": 1"#, #"{a: 1}"#, #"[tru]"#, #"[nul]"#, #"[falsey]"#, #"["open"#,
        #"{"a": 1]"#, #"[1}"#, "]", "}", #"{"a"}"#, #"[1 2]"#, #"{,}"#, "[,1]",
        // Trailing data, and no data.
        #"{"a": 1} x"#, "{} {}", "1 2", "[] ]", "", "   ", "\n",
        // A byte order mark (the decoder drops it, as json.loads does from bytes).
        "\u{FEFF}{}",
    ])
    func whatIsNotPlainIsLeftToTheParser(text: String) {
        #expect(kinds(text) == nil, "scanned: \(text.debugDescription)")
    }

    @Test func oneTapeHoldsManyDocumentsAndAGiveUpLeavesNothingBehind() throws {
        let tape = JSONTape()
        let first = try #require(Array(#"{"a": 1}"#.utf8).withUnsafeBytes { tape.scan($0) })
        let count = tape.entries.count
        // A give-up deep inside containers, after entries were appended.
        #expect(Array(#"{"a": [1, {"b": [2, "\t"]}]}"#.utf8).withUnsafeBytes { tape.scan($0) } == nil)
        #expect(tape.entries.count == count)
        let second = try #require(Array(#"[2]"#.utf8).withUnsafeBytes { tape.scan($0) })
        #expect(first == 0 && second == count)
        #expect(tape.entries[second...].map(\.kind) == [.openArray, .int, .closeArray])
        // The first document's entries are untouched by what came after.
        #expect(tape.entries[first..<second].map(\.kind) == [.openObject, .key, .int, .closeObject])
        #expect(tape.entries[first..<second].last?.length == 1)
    }

    @Test func aGiveUpAfterAnUnclosedContainerDoesNotLeakIntoTheNextDocument() throws {
        let tape = JSONTape()
        #expect(Array(#"[[[{"a": [1"#.utf8).withUnsafeBytes { tape.scan($0) } == nil)
        #expect(tape.entries.isEmpty)
        let first = try #require(Array("[1, [2]]".utf8).withUnsafeBytes { tape.scan($0) })
        #expect(first == 0)
        #expect(tape.entries.map(\.length).suffix(2) == [1, 2], "counts are this document's alone")
    }

    @Test func anEmptyBufferIsRefused() {
        let tape = JSONTape()
        #expect(tape.scan(UnsafeRawBufferPointer(start: nil, count: 0)) == nil)
        #expect(tape.entries.isEmpty)
    }

    @Test func theTapeGrowsPastItsFirstCapacity() throws {
        let text = "[" + (0..<20_000).map(String.init).joined(separator: ",") + "]"
        let entries = try #require(scanned(text))
        #expect(entries.count == 20_002)
        #expect(entries.last?.length == 20_000)
        #expect(Int64(bitPattern: entries[19_999].payload) == 19_998)
    }
}
