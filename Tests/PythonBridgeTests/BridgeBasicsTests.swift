import CPython
import PythonBridge
import Testing

/// The bridge pieces the JSON decoder relies on: owned references are released exactly once,
/// and a failed C call becomes a `PythonError` carrying Python's message.
@Suite struct BridgeBasicsTests {
    init() {
        PythonRuntime.initialize(modules: [])
    }

    @Test func anOwnedReferenceIsReleasedOnceAtTheEndOfItsScope() throws {
        try Python.withGIL { gil in
            let object = try pyString("bridge basics: a str of our own", gil)
            let before = CPy_REFCNT(object.pointer(gil))
            do {
                let extra = PyOwned(retaining: object.pointer(gil), gil)
                #expect(CPy_REFCNT(extra.pointer(gil)) == before + 1)
            }
            #expect(CPy_REFCNT(object.pointer(gil)) == before)
        }
    }

    @Test func releaseHandsTheReferenceOverWithoutDroppingIt() throws {
        try Python.withGIL { gil in
            let object = try pyString("bridge basics: handed over", gil)
            let before = CPy_REFCNT(object.pointer(gil))
            let raw = PyOwned(retaining: object.pointer(gil), gil).release()
            #expect(CPy_REFCNT(object.pointer(gil)) == before + 1)
            CPy_DECREF(raw)
            #expect(CPy_REFCNT(object.pointer(gil)) == before)
        }
    }

    @Test func aFailedCallBecomesAPythonErrorWithItsMessage() throws {
        try Python.withGIL { gil in
            let text = try pyString("not a number", gil)
            do throws(PythonError) {
                _ = try check(PyLong_FromUnicodeObject(text.pointer(gil), 10), gil)
                Issue.record("int('not a number') succeeded")
            } catch {
                #expect(error.typeName == "ValueError")
                #expect(error.message == "invalid literal for int() with base 10: 'not a number'")
            }
            #expect(PyErr_Occurred() == nil)
        }
    }
}
