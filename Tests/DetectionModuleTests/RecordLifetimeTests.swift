import DetectionModule
import PythonBridge
import Testing

/// Records at the edges of their lifetime: freeing one nested far deeper than the recursion
/// limit, and refusing a JSON document nested that deep, without crashing the host.
@Suite struct RecordLifetimeTests {
    let sandbox = CacheSandbox()

    /// A detection may build a chain of records in a loop; freeing it must not recurse once per
    /// level on the C stack (it would overflow), as freeing such a chain of dicts does not in
    /// `python3`.
    @Test func freeingAVeryDeepRecordDoesNotOverflowTheStack() throws {
        #expect(try sandbox.run("""
            from detection import Record
            r = Record()
            for _ in range(200000):
                r = Record(x=r)
            del r
            result = 'freed'
            """) == "'freed'")
    }

    /// The same for a Python subclass of `Record`, whose instances CPython frees through its own
    /// subclass dealloc before `Record`'s.
    @Test func freeingAVeryDeepChainOfRecordSubclassInstancesDoesNotOverflowTheStack() throws {
        #expect(try sandbox.run("""
            from detection import Record
            class Event(Record):
                pass
            r = Event()
            for _ in range(200000):
                outer = Event()
                outer['x'] = r
                r = outer
            del r, outer
            result = 'freed'
            """) == "'freed'")
    }

    /// A JSON record nested 20,000 deep is refused with RecursionError, as `json.loads` refuses
    /// it, and the records built before the refusal are freed.
    @Test func aJSONRecordNested20000DeepIsARecursionError() throws {
        try Python.withGIL { gil in
            let decoder = try JSONRecordDecoder(objectType: DetectionModule.recordType(gil), gil)
            let depth = 20_000
            let document = Array((String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)).utf8)
            let failure: JSONDecodeFailure? = document.withUnsafeBytes { bytes in
                do throws(JSONDecodeFailure) {
                    _ = try decoder.decode(bytes, gil)
                    return nil
                } catch {
                    return error
                }
            }
            #expect(failure?.pythonError?.typeName == "RecursionError")
            // The interpreter is fine afterwards: a shallow record still decodes.
            let shallow = Array("{\"a\": {\"b\": 1}}".utf8)
            let text = try shallow.withUnsafeBytes { bytes in
                let value = try decoder.decode(bytes, gil)
                return try pyRepr(value.pointer(gil), gil)
            }
            #expect(text == "{'a': {'b': 1}}")
        }
    }
}
