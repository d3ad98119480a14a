import CPython
import PythonBridge
import Testing

/// Hand-picked inputs: what the decoder must refuse and how, what it must accept, and how it
/// treats keys, object types and deep nesting.
@Suite struct JSONDecoderEdgeCaseTests {
    init() {
        PythonRuntime.initialize(modules: [])
    }

    /// Inputs json.loads refuses, with the exact text of its JSONDecodeError.
    static let refused: [(String, String)] = [
        ("", "Expecting value: line 1 column 1 (char 0)"),
        (" \r\n ", "Expecting value: line 2 column 2 (char 4)"),
        ("[1,]", "Expecting value: line 1 column 4 (char 3)"),
        ("{\"a\":1,}", "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"),
        ("{'a': 1}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ("['a']", "Expecting value: line 1 column 2 (char 1)"),
        ("01", "Extra data: line 1 column 2 (char 1)"),
        ("-", "Expecting value: line 1 column 1 (char 0)"),
        ("1.", "Extra data: line 1 column 2 (char 1)"),
        (".5", "Expecting value: line 1 column 1 (char 0)"),
        ("+1", "Expecting value: line 1 column 1 (char 0)"),
        ("1e", "Extra data: line 1 column 2 (char 1)"),
        ("-Inf", "Expecting value: line 1 column 1 (char 0)"),
        ("nan", "Expecting value: line 1 column 1 (char 0)"),
        ("]", "Expecting value: line 1 column 1 (char 0)"),
        ("[", "Expecting value: line 1 column 2 (char 1)"),
        ("{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ("{\"a\" 1}", "Expecting ':' delimiter: line 1 column 6 (char 5)"),
        ("[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"),
        ("\"a\u{01}b\"", "Invalid control character at: line 1 column 3 (char 2)"),
        ("\"tab\there\"", "Invalid control character at: line 1 column 5 (char 4)"),
        ("\"abc", "Unterminated string starting at: line 1 column 1 (char 0)"),
        ("\"\\x\"", "Invalid \\escape: line 1 column 2 (char 1)"),
        ("\"\\u12\"", "Invalid \\uXXXX escape: line 1 column 3 (char 2)"),
        ("\"\\ud800\\udc00", "Invalid \\uXXXX escape: line 1 column 9 (char 8)"),
        ("{\"a\":1}x", "Extra data: line 1 column 8 (char 7)"),
        ("{\"é\": tru}", "Expecting value: line 1 column 7 (char 6)"),
        ("[\n1,\n2\n3]", "Expecting ',' delimiter: line 4 column 1 (char 7)"),
        ("\u{FEFF}{}", "Expecting value: line 1 column 1 (char 0)"),
    ]

    @Test func refusesWhatJsonLoadsRefusesWithItsMessage() throws {
        try Python.withGIL { gil in
            let decoder = try JSONRecordDecoder(gil)
            for (input, expected) in Self.refused {
                // A byte order mark is dropped once; the second one is refused, as json.loads does.
                let bytes = input.hasPrefix("\u{FEFF}") ? [0xEF, 0xBB, 0xBF] + Array(input.utf8) : Array(input.utf8)
                let (value, failure) = JSONReference.decode(bytes, with: decoder, gil)
                if let value { CPy_DECREF(value) }
                #expect(failure?.kind == .syntax, "\(input.debugDescription)")
                #expect(failure?.description == expected, "\(input.debugDescription)")
            }
        }
    }

    @Test func handPickedInputsAgreeWithJsonLoads() throws {
        let accepted = [
            "{\"a\":1}\r\n", "{\"a\":1}\r", "\t\n 1 \r\n", "[]", "{}", "[[],{}]", "\"\"", "-0", "-0.0",
            "1E400", "-1e400", "1e-400", "1E-7", "NaN", "[Infinity,-Infinity]", "\"\\ud800\"", "\"\\udc00\\ud800\"",
            "\"\\ud800\\u0041\"", "\"\\uD83D\\uDE00\"", "\"\\ud83d\\ude00x\"", "\"😀\\n\"", "{\"a\":1,\"a\":2,\"b\":3,\"a\":4}",
            "12345678901234567890123456789012345678901234567890", "-999999999999999999", "1000000000000000000",
            "{\"k\\u00e9y\": \"v\\/\"}", "\"\u{7F}\"", "[1.5e3, 0.1, 2.5E+2, 0e0, -0E-0]",
        ]
        // Bytes that are not plain UTF-8 text: bad sequences (refused), a UTF-8-encoded surrogate
        // and a byte order mark (both accepted by json.loads on bytes), an int too long to convert.
        let raw: [[UInt8]] = [
            [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xE0, 0x80, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
            [0x22, 0x5C, 0x6E, 0xC0, 0xAF, 0x22], [0x7B, 0x22, 0x61, 0x80, 0x22, 0x3A, 0x31, 0x7D],
            [0x22, 0xED, 0xA0, 0x80, 0x22], [0xEF, 0xBB, 0xBF, 0x5B, 0x31, 0x5D],
            Array(String(repeating: "1", count: 5000).utf8),
        ]
        try Python.withGIL { gil in
            let reference = try JSONReference(gil)
            let decoder = try JSONRecordDecoder(gil)
            let dictType = reference.dictType.pointer(gil)
            for input in accepted.map({ Array($0.utf8) }) + raw {
                let problem = try reference.disagreement(on: input, decoder: decoder, objectType: dictType, gil)
                #expect(problem == nil, "\(problem ?? "")")
            }
        }
    }

    @Test func invalidUTF8IsAnEncodingFailure() throws {
        try Python.withGIL { gil in
            let decoder = try JSONRecordDecoder(gil)
            let (value, failure) = JSONReference.decode([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D], with: decoder, gil)
            #expect(value == nil)
            #expect(failure?.kind == .encoding)
            #expect(failure?.message == "'utf-8' codec can't decode byte 0xff in position 6: invalid start byte")
        }
    }

    @Test func deepNestingIsARecursionErrorNotACrash() throws {
        try Python.withGIL { gil in
            let decoder = try JSONRecordDecoder(gil)
            let depth = 100_000
            let inputs = [
                String(repeating: "[", count: depth),
                String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
                String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth),
                String(repeating: "[{\"a\":", count: depth / 2),
            ]
            for input in inputs {
                let (value, failure) = JSONReference.decode(Array(input.utf8), with: decoder, gil)
                #expect(value == nil)
                #expect(failure?.kind == .python)
                #expect(failure?.pythonError?.typeName == "RecursionError")
            }
            // Every level entered was left: moderately deep documents still decode, many times.
            let nested = Array((String(repeating: "[", count: 400) + String(repeating: "]", count: 400)).utf8)
            for _ in 0..<500 {
                let (value, failure) = JSONReference.decode(nested, with: decoder, gil)
                #expect(failure == nil)
                if let value { CPy_DECREF(value) }
            }
        }
    }

    @Test func repeatedKeysAreOneStrAcrossLines() throws {
        try Python.withGIL { gil in
            let decoder = try JSONRecordDecoder(gil)
            // The decoded records stay alive, so their keys' addresses identify the objects.
            let first = try Self.firstKey("{\"eventName\": \"GetObject\"}", decoder, gil)
            let second = try Self.firstKey("{\"eventName\": \"PutObject\", \"x\": 1}\r\n", decoder, gil)
            let escaped = try Self.firstKey("{\"event\\u004eame\": 1}", decoder, gil)
            #expect(first.key != nil && first.key == second.key)
            #expect(escaped.key != nil && escaped.key != first.key)
            #expect(try pyRepr(try #require(escaped.key), gil) == "'eventName'")
            for record in [first.record, second.record, escaped.record] { if let record { CPy_DECREF(record) } }
        }
    }

    /// Decodes `line`: the record (a new reference) and its first key (borrowed from it).
    private static func firstKey(_ line: String, _ decoder: JSONRecordDecoder, _ gil: borrowing GILToken) throws -> (record: PyObjectPointer?, key: PyObjectPointer?) {
        let (value, _) = JSONReference.decode(Array(line.utf8), with: decoder, gil)
        guard let value else { return (nil, nil) }
        var position: Py_ssize_t = 0
        var key: PyObjectPointer?
        var item: PyObjectPointer?
        _ = PyDict_Next(value, &position, &key, &item)
        return (value, key)
    }

    @Test func manyDistinctKeysOverflowTheMemoWithoutHarm() throws {
        // Keys and values keyed by ids never repeat: every memo slot is replaced many times over.
        try Python.withGIL { gil in
            let decoder = try JSONRecordDecoder(gil)
            for index in 0..<5000 {
                let line = "{\"common\": \(index), \"id-\(index)\": \"v\(index)\"}"
                let (value, failure) = JSONReference.decode(Array(line.utf8), with: decoder, gil)
                #expect(failure == nil)
                guard let value else { continue }
                let record = PyOwned(stealing: value)
                if index % 997 == 0 {
                    #expect(try pyRepr(record.pointer(gil), gil) == "{'common': \(index), 'id-\(index)': 'v\(index)'}")
                }
            }
        }
    }

    @Test func objectsAreInstancesOfTheGivenDictSubclass() throws {
        try Python.withGIL { gil in
            let reference = try JSONReference(gil)
            let recordType = reference.recordType.pointer(gil)
            let decoder = try JSONRecordDecoder(objectType: recordType, gil)
            let (value, failure) = JSONReference.decode(Array("{\"a\": [{\"b\": {}}], \"c\": {}}".utf8), with: decoder, gil)
            #expect(failure == nil)
            guard let value else { return }
            let record = PyOwned(stealing: value)
            let typeOf = { (object: PyObjectPointer) in UnsafeMutableRawPointer(CPy_TYPE(object)) }
            #expect(typeOf(record.pointer(gil)) == UnsafeMutableRawPointer(recordType))
            let list = try #require(try dictItem(record.pointer(gil), "a", gil))
            #expect(CPy_List_Check(list) != 0)
            let inner = CPy_List_GET_ITEM(list, 0)!
            #expect(typeOf(inner) == UnsafeMutableRawPointer(recordType))
            let empty = try #require(try dictItem(record.pointer(gil), "c", gil))
            #expect(typeOf(empty) == UnsafeMutableRawPointer(recordType))
        }
    }

    @Test func anObjectTypeThatIsNotADictSubclassIsRefused() throws {
        try Python.withGIL { gil in
            let list = try check(PyList_New(0), gil)
            let listType = UnsafeMutableRawPointer(CPy_TYPE(list.pointer(gil))).assumingMemoryBound(to: PyObject.self)
            #expect(throws: PythonException.self) { try JSONRecordDecoder(objectType: listType, gil) }
            #expect(throws: PythonException.self) { try JSONRecordDecoder(objectType: list.pointer(gil), gil) }
        }
    }

    @Test func decodeValueReadsOneElementInPlace() throws {
        try Python.withGIL { gil in
            let decoder = try JSONRecordDecoder(gil)
            let text = Array("[ {\"a\": 1} , 2 ]".utf8)
            try text.withUnsafeBytes { raw in
                var offset = 1
                let first = try decoder.decodeValue(raw, at: &offset, gil)
                #expect(try pyRepr(first.pointer(gil), gil) == "{'a': 1}")
                #expect(offset == 10)
                offset += 2
                let second = try decoder.decodeValue(raw, at: &offset, gil)
                #expect(try pyRepr(second.pointer(gil), gil) == "2")
                #expect(offset == 14)
            }
        }
    }

    @Test func aFailureRaisedIntoPythonIsAValueError() throws {
        try Python.withGIL { gil in
            let decoder = try JSONRecordDecoder(gil)
            let (_, failure) = JSONReference.decode(Array("[1,]".utf8), with: decoder, gil)
            let raised = try #require(failure)
            raised.raise(gil)
            let error = PythonError.fetch(gil)
            #expect(error.typeName == "ValueError")
            #expect(error.message == "Expecting value: line 1 column 4 (char 3)")
        }
    }
}
