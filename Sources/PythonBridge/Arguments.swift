import CPython

/// The arguments of a METH_FASTCALL | METH_KEYWORDS call, bound to parameter names the way
/// Python binds them: positionals first, then keywords; an unknown, repeated or missing argument
/// is a TypeError naming the function. All references are borrowed from the caller. Bound by the
/// bridge's method thunk from the `Method`'s declared parameters, before the body runs.
///
/// Binding allocates nothing: `record.deepget(...)` and the cache methods bind their arguments
/// on every call, many times per record, so the slots live inline and the parameter names are
/// static strings, looked at only when keywords are given or an error is reported.
public struct Arguments {
    /// The most parameters a function may declare.
    public static let capacity = 4
    private var bound: (PyObjectPointer?, PyObjectPointer?, PyObjectPointer?, PyObjectPointer?) = (nil, nil, nil, nil)

    init(
        function: String,
        parameters: [StaticString],
        required: Int,
        args: UnsafePointer<PyObjectPointer?>?,
        count rawCount: Int,
        keywordNames: PyObjectPointer?,
        _ gil: borrowing GILToken
    ) throws {
        precondition(parameters.count <= Self.capacity && required <= parameters.count, "Arguments: bad signature for \(function)")
        let positional = PyVectorcall_NARGS(rawCount)
        guard positional <= parameters.count else {
            throw PythonException(.typeError, "\(function)() takes at most \(parameters.count) arguments (\(positional) given)")
        }
        for index in 0..<positional { set(index, args?[index]) }
        if let keywordNames {
            for index in 0..<Int(PyTuple_Size(keywordNames)) {
                let name = try swiftString(CPy_Tuple_GET_ITEM(keywordNames, index), gil)
                guard let slot = parameters.firstIndex(where: { $0.description == name }) else {
                    throw PythonException(.typeError, "\(function)() got an unexpected keyword argument '\(name)'")
                }
                guard self[slot] == nil else {
                    throw PythonException(.typeError, "\(function)() got multiple values for argument '\(name)'")
                }
                set(slot, args?[positional + index])
            }
        }
        for index in 0..<required where self[index] == nil {
            throw PythonException(.typeError, "\(function)() missing required argument '\(parameters[index])'")
        }
    }

    /// The argument for parameter `index`, borrowed; nil when not given.
    public subscript(index: Int) -> PyObjectPointer? {
        switch index {
        case 0: bound.0
        case 1: bound.1
        case 2: bound.2
        case 3: bound.3
        default: nil
        }
    }

    private mutating func set(_ index: Int, _ value: PyObjectPointer?) {
        switch index {
        case 0: bound.0 = value
        case 1: bound.1 = value
        case 2: bound.2 = value
        default: bound.3 = value
        }
    }
}
