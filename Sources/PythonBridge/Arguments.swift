import CPython

/// The arguments of a METH_FASTCALL | METH_KEYWORDS call, bound to parameter names the way
/// Python binds them: positionals first, then keywords; an unknown, repeated or missing argument
/// is a TypeError naming the function. All references are borrowed from the caller.
public struct Arguments {
    private var bound: [PyObjectPointer?]

    public init(
        function: String,
        parameters: [String],
        required: Int,
        args: UnsafePointer<PyObjectPointer?>?,
        count rawCount: Int,
        keywordNames: PyObjectPointer?,
        _ gil: borrowing GILToken
    ) throws {
        let positional = PyVectorcall_NARGS(rawCount)
        guard positional <= parameters.count else {
            throw PythonException(.typeError, "\(function)() takes at most \(parameters.count) arguments (\(positional) given)")
        }
        bound = Array(repeating: nil, count: parameters.count)
        for index in 0..<positional { bound[index] = args?[index] }
        if let keywordNames {
            for index in 0..<Int(PyTuple_Size(keywordNames)) {
                let name = try swiftString(CPy_Tuple_GET_ITEM(keywordNames, index), gil)
                guard let slot = parameters.firstIndex(of: name) else {
                    throw PythonException(.typeError, "\(function)() got an unexpected keyword argument '\(name)'")
                }
                guard bound[slot] == nil else {
                    throw PythonException(.typeError, "\(function)() got multiple values for argument '\(name)'")
                }
                bound[slot] = args?[positional + index]
            }
        }
        for index in 0..<required where bound[index] == nil {
            throw PythonException(.typeError, "\(function)() missing required argument '\(parameters[index])'")
        }
    }

    /// The argument for parameter `index`, borrowed; nil when not given.
    public subscript(index: Int) -> PyObjectPointer? {
        bound[index]
    }
}
