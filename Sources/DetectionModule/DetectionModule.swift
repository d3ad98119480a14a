import CacheCore
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
    public static let builtin = BuiltinModule(name: "detection", create: { gil in try createModule(gil) })

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

    private static func createModule(_ gil: borrowing GILToken) throws -> PyOwned {
        let module = try makeModule(
            name: "detection",
            doc: "Helpers for detections: the remote cache and records.",
            functions: [
                Method("remote_cache", parameters: ["namespace", "ttl"], required: 1,
                       doc: "remote_cache(namespace, ttl=3600): a dict-like cache namespace whose entries expire after ttl seconds.",
                       remoteCache),
            ],
            gil
        )
        let object = module.pointer(gil)
        let factory = try getAttr(object, "remote_cache", gil)
        try moduleAddObjectRef(object, "remotecache", factory.pointer(gil), gil)

        let recordType = try RecordType.make(gil)
        let stringSetType = try StringSetType.make(gil)
        let remoteCacheType = try RemoteCacheType.make(gil)
        let storeError = try newException("detection.RemoteCacheError", base: .runtimeError, gil)
        try moduleAddObjectRef(object, "Record", recordType.pointer(gil), gil)
        try moduleAddObjectRef(object, "StringSet", stringSetType.pointer(gil), gil)
        try moduleAddObjectRef(object, "RemoteCache", remoteCacheType.pointer(gil), gil)
        try moduleAddObjectRef(object, "RemoteCacheError", storeError.pointer(gil), gil)
        // The module keeps the types alive; these references live for the process.
        ModuleState.recordType = recordType.release()
        ModuleState.stringSetType = stringSetType.release()
        ModuleState.remoteCacheType = remoteCacheType.release()
        ModuleState.storeErrorType = storeError.release()
        ModuleState.deepgetPaths = try pyDict(gil).release()
        return module
    }

    // remote_cache(namespace, ttl=3600)
    private static func remoteCache(_ gil: borrowing GILToken, _ module: PyObjectPointer, _ arguments: Arguments) throws -> PyOwned {
        guard let namespaceObject = arguments[0], isString(namespaceObject) else {
            throw PythonException(.typeError, "remote_cache() namespace must be a str, not \(typeName(of: arguments[0] ?? noneObject()))")
        }
        guard let namespace = try pyStrIfUTF8(namespaceObject, gil) else {
            throw CacheError.invalidNamespace("it is not valid UTF-8 (it holds a lone surrogate)")
        }
        var ttl: Int64 = 3600
        if let ttlObject = arguments[1] {
            // The range in the name, so that a ttl past 64 bits also says what is accepted.
            ttl = try swiftInt64(ttlObject, what: "remote_cache() ttl (1 to \(CacheLimits.maxTTL) seconds)", gil)
        }
        return try makeRemoteCache(store: CacheBinding.store, namespace: namespace, ttl: ttl, gil)
    }
}
