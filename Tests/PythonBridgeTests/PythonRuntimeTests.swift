import PythonBridge
import Testing

/// Starting the interpreter and registering builtin modules.
@Suite struct PythonRuntimeTests {
    init() {
        PythonRuntime.initialize(modules: [])
    }

    /// A module's body runs Python (with the GIL) and may register another module while it
    /// does: no lock of the runtime may be held around it, or this would deadlock.
    @Test func aModuleBodyMayRegisterAnotherModule() throws {
        let outer = BuiltinModule(name: "bridge_test_outer") { gil in
            PythonRuntime.initialize(modules: [
                BuiltinModule(name: "bridge_test_inner") { gil in
                    try makeModule(name: "bridge_test_inner", doc: "registered while another module was made", functions: [], gil)
                },
            ])
            return try makeModule(name: "bridge_test_outer", doc: "registers bridge_test_inner", functions: [], gil)
        }
        PythonRuntime.initialize(modules: [outer])
        let docs = try Python.withGIL { gil in
            let outerModule = try importModule("bridge_test_outer", gil)
            let innerModule = try importModule("bridge_test_inner", gil)
            let outerDoc = try getAttr(outerModule.pointer(gil), "__doc__", gil)
            let innerDoc = try getAttr(innerModule.pointer(gil), "__doc__", gil)
            return [try pyStr(outerDoc.pointer(gil), gil), try pyStr(innerDoc.pointer(gil), gil)]
        }
        #expect(docs == ["registers bridge_test_inner", "registered while another module was made"])
    }
}
