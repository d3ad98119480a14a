import CacheCore
import CPython
import PythonBridge

/// The builtin module `detection` (DESIGN §3): `remote_cache`/`remotecache`, `Record`,
/// `StringSet`, `RemoteCache` and `RemoteCacheError`.
public enum DetectionModule {
    /// Starts the interpreter with `detection` importable. Safe to call from any thread, any
    /// number of times.
    public static func start() {
        PythonRuntime.initialize(modules: [builtin])
        // The types are made when the module is first imported; import it now, so that records
        // are `Record`s even for detections that never import `detection` themselves.
        Python.withGIL { gil in
            guard ModuleState.recordType == nil else { return }
            do {
                _ = try importModule("detection", gil)
            } catch {
                fatalError("the builtin module detection cannot be imported: \(error)")
            }
        }
    }

    /// The module as a builtin to register before the interpreter starts (`python` mode hands
    /// it to `PythonRuntime.runMain`).
    public static let builtin = BuiltinModule(name: "detection", initializer: initialize)

    /// The `Record` type, for the decoder that builds records directly.
    public static func recordType(_ gil: borrowing GILToken) -> PyObjectPointer? {
        ModuleState.recordType
    }

    /// A new `RemoteCache` handle on an explicit store: for tests and hosts that inject a store
    /// (with a manual clock, say) instead of the process-wide one.
    public static func makeRemoteCache(store: any CacheStore, namespace: String, ttl: Int64 = 3600, _ gil: borrowing GILToken) throws -> PyOwned {
        try CacheLimits.check(namespace: namespace)
        try CacheLimits.check(ttl: ttl)
        return try RemoteCacheType.instance(store: store, namespace: namespace, ttl: ttl, gil)
    }

    private static let initialize: BuiltinModule.Initializer = {
        Trampoline.object { gil in try createModule(gil) }
    }

    private static func createModule(_ gil: borrowing GILToken) throws -> PyOwned {
        let definition = UnsafeMutablePointer<PyModuleDef>.allocate(capacity: 1)
        definition.initialize(to: PyModuleDef(
            m_base: CPy_ModuleDef_HEAD_INIT(),
            m_name: HeapType.permanentCString("detection"),
            m_doc: HeapType.permanentCString("Helpers for detections: the remote cache and records."),
            m_size: -1,
            m_methods: HeapType.methodTable([
                MethodDefinition(name: "remote_cache", calling: .fastKeywords, function: HeapType.slot(remoteCache),
                                 doc: "remote_cache(namespace, ttl=3600): a dict-like cache namespace whose entries expire after ttl seconds."),
            ]),
            m_slots: nil, m_traverse: nil, m_clear: nil, m_free: nil
        ))
        let module = try check(CPy_Module_Create(definition), gil)
        let factory = try getAttr(module.pointer, "remote_cache", gil)
        try check(status: PyModule_AddObjectRef(module.pointer, "remotecache", factory.pointer), gil)

        let recordType = try RecordType.make(gil)
        let stringSetType = try StringSetType.make(gil)
        let remoteCacheType = try RemoteCacheType.make(gil)
        let storeError = try check(PyErr_NewException("detection.RemoteCacheError", CPy_Exc_RuntimeError(), nil), gil)
        try check(status: PyModule_AddObjectRef(module.pointer, "Record", recordType.pointer), gil)
        try check(status: PyModule_AddObjectRef(module.pointer, "StringSet", stringSetType.pointer), gil)
        try check(status: PyModule_AddObjectRef(module.pointer, "RemoteCache", remoteCacheType.pointer), gil)
        try check(status: PyModule_AddObjectRef(module.pointer, "RemoteCacheError", storeError.pointer), gil)
        // The module keeps the types alive; these references live for the process.
        ModuleState.recordType = recordType.release()
        ModuleState.stringSetType = stringSetType.release()
        ModuleState.remoteCacheType = remoteCacheType.release()
        ModuleState.storeErrorType = storeError.release()
        ModuleState.deepgetPaths = try pyDict(gil).release()
        return module
    }

    // remote_cache(namespace, ttl=3600)
    private static let remoteCache: SlotFunction.FastKeywords = { _, args, count, names in
        Trampoline.object { gil in
            let arguments = try Arguments(function: "remote_cache", parameters: ["namespace", "ttl"], required: 1,
                                          args: args, count: count, keywordNames: names, gil)
            guard let namespaceObject = arguments[0], CPy_Unicode_Check(namespaceObject) != 0 else {
                throw PythonException(.typeError, "remote_cache() namespace must be a str, not \(typeName(of: arguments[0] ?? noneObject()))")
            }
            let namespace = try swiftString(namespaceObject, gil)
            var ttl: Int64 = 3600
            if let ttlObject = arguments[1] {
                ttl = try swiftInt64(ttlObject, what: "remote_cache() ttl", gil)
            }
            return try makeRemoteCache(store: CacheBinding.store, namespace: namespace, ttl: ttl, gil)
        }
    }
}
