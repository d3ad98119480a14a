/// The Swift bodies a heap type's slots and methods run. Python calls the bridge's C thunks
/// (`SlotThunks`), which make the GIL token and call these with it: the only way code outside
/// the bridge gets a token besides `Python.withGIL`. Every object parameter is a borrowed
/// reference, valid for the call; a body returns a new reference or throws.
public enum SlotBody {
    /// `tp_repr`, `tp_iter`: `(self) -> object`.
    public typealias Unary = (borrowing GILToken, PyObjectPointer) throws -> PyOwned
    /// `mp_subscript` and the `nb_*` operators: `(self or left, key or right) -> object`.
    public typealias Binary = (borrowing GILToken, PyObjectPointer, PyObjectPointer) throws -> PyOwned
    /// `mp_ass_subscript`: `(self, key, value)`, value nil for `del self[key]`.
    public typealias Assign = (borrowing GILToken, PyObjectPointer, PyObjectPointer, PyObjectPointer?) throws -> Void
    /// `mp_length`.
    public typealias Length = (borrowing GILToken, PyObjectPointer) throws -> Int
    /// `sq_contains`: `key in self`.
    public typealias Contains = (borrowing GILToken, PyObjectPointer, PyObjectPointer) throws -> Bool
    /// `tp_init`, run after the base type's own `tp_init` succeeded: `(self)`.
    public typealias Initialize = (borrowing GILToken, PyObjectPointer) throws -> Void
    /// A method or module function: `(self, bound arguments) -> object`.
    public typealias Method = (borrowing GILToken, PyObjectPointer, Arguments) throws -> PyOwned
}

/// One slot of a heap type and the body it runs.
public enum TypeSlot {
    case repr(SlotBody.Unary)
    case iter(SlotBody.Unary)
    /// `mp_subscript`: `self[key]`.
    case getItem(SlotBody.Binary)
    /// `mp_ass_subscript`: `self[key] = value` and `del self[key]`.
    case setItem(SlotBody.Assign)
    case length(SlotBody.Length)
    case contains(SlotBody.Contains)
    case subtract(SlotBody.Binary)
    case or(SlotBody.Binary)
    case and(SlotBody.Binary)
    case xor(SlotBody.Binary)
    /// `tp_init` after the base's (a `dict` subclass: `Record(...)` first does what `dict(...)` does).
    case initialize(SlotBody.Initialize)
}

/// A method of a type or a function of a module, called with METH_FASTCALL | METH_KEYWORDS.
/// Its signature is declared here once: the bridge binds the arguments to `parameters` (see
/// `Arguments`) before the body runs.
public struct Method {
    public let name: String
    public let parameters: [StaticString]
    public let required: Int
    public let doc: String
    public let body: SlotBody.Method

    public init(_ name: String, parameters: [StaticString] = [], required: Int = 0, doc: String, _ body: @escaping SlotBody.Method) {
        precondition(parameters.count <= Arguments.capacity && required <= parameters.count, "Method: bad signature for \(name)")
        self.name = name
        self.parameters = parameters
        self.required = required
        self.doc = doc
        self.body = body
    }
}
