import CacheCore
import CPython
import PythonBridge

/// `detection.RemoteCache`: the dict-like object `remote_cache(...)` returns (DESIGN §3.1).
/// This file holds the type and its mapping slots; the named methods are in `+Methods`.
enum RemoteCacheType {
    static func make(_ gil: borrowing GILToken) throws -> PyOwned {
        try HeapType.make(
            name: "detection.RemoteCache",
            doc: "A namespace of the remote cache with a ttl; made by remote_cache(namespace, ttl=3600).",
            basicSize: SwiftObject.basicSize,
            flags: CPy_TPFLAGS_DEFAULT() | UInt(Py_TPFLAGS_DISALLOW_INSTANTIATION),
            slots: [
                (Py_tp_dealloc, HeapType.slot(SwiftObject.dealloc)),
                (Py_tp_repr, HeapType.slot(repr)),
                (Py_tp_iter, HeapType.slot(iterate)),
                (Py_mp_subscript, HeapType.slot(getItem)),
                (Py_mp_ass_subscript, HeapType.slot(assign)),
                (Py_mp_length, HeapType.slot(length)),
                (Py_sq_contains, HeapType.slot(contains)),
            ],
            methods: methods,
            gil
        )
    }

    /// A new handle object for `namespace` on `store`.
    static func instance(store: any CacheStore, namespace: String, ttl: Int64, _ gil: borrowing GILToken) throws -> PyOwned {
        guard let type = ModuleState.remoteCacheType else {
            throw PythonException(.runtimeError, "the detection module is not initialised")
        }
        return try SwiftObject.make(type: type, holding: RemoteCacheHandle(store: store, namespace: namespace, ttl: ttl), gil)
    }

    /// The handle inside `object` (the `self` of a slot or method).
    static func handle(_ object: PyObjectPointer?) throws -> RemoteCacheHandle {
        guard let object, let handle = SwiftObject.value(of: object, as: RemoteCacheHandle.self) else {
            throw PythonException(.typeError, "not a RemoteCache")
        }
        return handle
    }

    // c[key]: the value, or None when missing or expired (never KeyError, as in Matano).
    private static let getItem: SlotFunction.Binary = { object, key in
        Trampoline.object { gil in
            let handle = try handle(object)
            let name = try cacheKey(key ?? noneObject(), gil)
            let value = try handle.perform(gil) { store, namespace throws(CacheError) in
                try store.get(namespace: namespace, key: name)
            }
            return try value?.python(gil) ?? pyNone(gil)
        }
    }

    // c[key] = value, and del c[key] (value NULL).
    private static let assign: SlotFunction.ObjObjArg = { object, key, value in
        Trampoline.status { gil in
            let handle = try handle(object)
            let name = try cacheKey(key ?? noneObject(), gil)
            guard let value else {
                try handle.perform(gil) { store, namespace throws(CacheError) in
                    try store.delete(namespace: namespace, key: name)
                }
                return
            }
            let cacheValue = try CacheValue(python: value, gil)
            let ttl = handle.ttl
            try handle.perform(gil) { store, namespace throws(CacheError) in
                try store.put(namespace: namespace, key: name, value: cacheValue, ttl: ttl)
            }
        }
    }

    private static let length: SlotFunction.Length = { object in
        Trampoline.length { gil in
            let handle = try handle(object)
            return try handle.perform(gil) { store, namespace throws(CacheError) in
                try store.entries(namespace: namespace).count
            }
        }
    }

    private static let contains: SlotFunction.ObjObj = { object, key in
        Trampoline.truth { gil in
            let handle = try handle(object)
            let name = try cacheKey(key ?? noneObject(), gil)
            return try handle.perform(gil) { store, namespace throws(CacheError) in
                try store.get(namespace: namespace, key: name) != nil
            }
        }
    }

    // iter(c): the live keys at the time of the call.
    private static let iterate: SlotFunction.Unary = { object in
        Trampoline.object { gil in
            let keys = try keyList(of: try handle(object), gil)
            return try check(PyObject_GetIter(keys.pointer), gil)
        }
    }

    private static let repr: SlotFunction.Unary = { object in
        Trampoline.object { gil in
            let handle = try handle(object)
            let name = try pyString(handle.namespace, gil)
            let namespace = try pyRepr(name.pointer, gil)
            return try pyString("RemoteCache(\(namespace), ttl=\(handle.ttl))", gil)
        }
    }

    /// A new list of the live keys.
    static func keyList(of handle: RemoteCacheHandle, _ gil: borrowing GILToken) throws -> PyOwned {
        let entries = try handle.perform(gil) { store, namespace throws(CacheError) in
            try store.entries(namespace: namespace)
        }
        let list = try check(PyList_New(entries.count), gil)
        for (index, entry) in entries.enumerated() {
            CPy_List_SET_ITEM(list.pointer, index, try pyString(entry.key, gil).release())
        }
        return list
    }
}
