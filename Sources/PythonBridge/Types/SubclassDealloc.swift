import CPython

/// `tp_dealloc` for heap subclasses of `dict` with `dict`'s layout (`detection.Record`).
///
/// `dict`'s own dealloc frees the memory but, unlike a Python subclass's, does not drop the
/// instance's reference to its heap type; this adds that. It also runs inside CPython's
/// trashcan, as `dict`'s does for plain dicts: `dict`'s trashcan applies only when the object's
/// `tp_dealloc` is `dict`'s, so without this a record nested 200,000 deep (built by a detection)
/// would recurse once per level when freed and overflow the C stack.
enum SubclassDealloc {
    static let dict: @convention(c) (PyObjectPointer?) -> Void = { object in
        guard let object else { return }
        // The trashcan links deferred objects through their GC header: untrack first.
        PyObject_GC_UnTrack(object)
        // Only when this is the object's own dealloc: a Python subclass's instance gets here
        // from `subtype_dealloc`, which ran the trashcan already.
        let own = address(CPy_TYPE(object)?.pointee.tp_dealloc) == SubclassDealloc.dictAddress
        CPy_TRASHCAN_Dealloc(object, own ? 1 : 0, SubclassDealloc.dictBody)
    }

    private static let dictAddress = address(dict)

    private static let dictBody: @convention(c) (PyObjectPointer?) -> Void = { object in
        guard let object else { return }
        guard let type = CPy_TYPE(object) else { return }
        CPy_DictType().pointee.tp_dealloc?(object)
        CPy_DECREF(asObject(type))
    }

    private static func address(_ function: destructor?) -> UInt {
        UInt(bitPattern: unsafeBitCast(function, to: UnsafeRawPointer?.self))
    }
}
