import CPython

/// Makes the empty container for a JSON object once its items are known, sized for them: the
/// decoder builds an object when its closing brace is read, so the count is known and the dict
/// never grows (a 10-key record would otherwise be resized twice).
///
/// A `dict` subclass whose instances have exactly `dict`'s layout (such as `detection.Record`)
/// is made as a presized dict that is then given the subclass's type. That also leaves it
/// untracked by the garbage collector until a container is put in it, as a plain dict is (a
/// record holding only strings and numbers cannot be part of a cycle), where the generic
/// `tp_new` path would track every nested record. Any other subclass goes through `dict`'s
/// `tp_new`, which makes an instance without calling `__init__`.
struct JSONObjectMaker {
    private enum Way {
        case dict
        /// A subclass with `dict`'s layout.
        case retyped(UnsafeMutablePointer<PyTypeObject>)
        /// Any other subclass: `dict.tp_new(type, (), NULL)`.
        case generic(UnsafeMutablePointer<PyTypeObject>, newfunc, emptyTuple: PyObjectPointer)
    }

    private let way: Way

    /// For plain `dict`.
    init() {
        way = .dict
    }

    /// For `type`, a subclass of `dict` (checked by the caller); `emptyTuple` is borrowed and
    /// must outlive the maker.
    init(subclass type: UnsafeMutablePointer<PyTypeObject>, emptyTuple: PyObjectPointer) throws {
        guard let dict = CPy_DictType() else { throw PythonException(.runtimeError, "no dict type") }
        let sameLayout = type.pointee.tp_basicsize == dict.pointee.tp_basicsize
            && type.pointee.tp_itemsize == 0
            && type.pointee.tp_dictoffset == 0
            && type.pointee.tp_weaklistoffset == 0
            && Self.address(type.pointee.tp_free) == Self.address(dict.pointee.tp_free)
        if sameLayout {
            way = .retyped(type)
        } else {
            guard let new = dict.pointee.tp_new else { throw PythonException(.runtimeError, "dict has no tp_new") }
            way = .generic(type, new, emptyTuple: emptyTuple)
        }
    }

    private static func address(_ function: freefunc?) -> UnsafeRawPointer? {
        unsafeBitCast(function, to: UnsafeRawPointer?.self)
    }

    /// A new, empty object with room for `count` items; NULL with a Python exception set.
    @inline(__always)
    func make(count: Int) -> PyObjectPointer? {
        switch way {
        case .dict: CPy_Dict_NewPresizedAs(nil, count)
        case let .retyped(type): CPy_Dict_NewPresizedAs(type, count)
        case let .generic(type, new, emptyTuple): new(type, emptyTuple, nil)
        }
    }
}
