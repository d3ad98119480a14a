import CPython

/// The C functions CPython calls for slots, methods and module initialisers, each bound to one
/// Swift body. A C function pointer cannot carry a closure, so each thunk is a literal that knows
/// its own index into a pool of bodies; `HeapType`, `Module` and `PythonRuntime` claim a thunk per
/// body when they build a type or module. Types and modules are made once per process, so the
/// pools are small; running out is a RuntimeError at start-up, not a trap.
///
/// Every thunk goes through a `Trampoline`, which makes the GIL token (Python holds the GIL when
/// it calls a slot) and turns a thrown error into a pending exception.
enum SlotThunks {
    typealias Unary = @convention(c) (PyObjectPointer?) -> PyObjectPointer?
    typealias Binary = @convention(c) (PyObjectPointer?, PyObjectPointer?) -> PyObjectPointer?
    typealias Assign = @convention(c) (PyObjectPointer?, PyObjectPointer?, PyObjectPointer?) -> Int32
    typealias Length = @convention(c) (PyObjectPointer?) -> Py_ssize_t
    typealias Contains = @convention(c) (PyObjectPointer?, PyObjectPointer?) -> Int32
    typealias Initialize = @convention(c) (PyObjectPointer?, PyObjectPointer?, PyObjectPointer?) -> Int32
    typealias FastCall = @convention(c) (PyObjectPointer?, UnsafePointer<PyObjectPointer?>?, Py_ssize_t, PyObjectPointer?) -> PyObjectPointer?
    typealias ModuleInit = @convention(c) () -> PyObjectPointer?

    /// What a `tp_init` thunk runs: the base type's `tp_init`, then the body.
    struct InitializeEntry {
        let base: initproc
        let body: SlotBody.Initialize
    }

    static let unaryBodies = ThunkPool<SlotBody.Unary>(capacity: unary.count)
    static let binaryBodies = ThunkPool<SlotBody.Binary>(capacity: binary.count)
    static let assignBodies = ThunkPool<SlotBody.Assign>(capacity: assign.count)
    static let lengthBodies = ThunkPool<SlotBody.Length>(capacity: length.count)
    static let containsBodies = ThunkPool<SlotBody.Contains>(capacity: contains.count)
    static let initializeBodies = ThunkPool<InitializeEntry>(capacity: initialize.count)
    static let methodBodies = ThunkPool<Method>(capacity: method.count)
    static let moduleBodies = ThunkPool<@Sendable (borrowing GILToken) throws -> PyOwned>(capacity: moduleInit.count)

    // The thunks, one per pool slot.

    static let unary: [Unary] = [
        { SlotThunks.callUnary(0, $0) }, { SlotThunks.callUnary(1, $0) }, { SlotThunks.callUnary(2, $0) }, { SlotThunks.callUnary(3, $0) },
    ]
    static let binary: [Binary] = [
        { SlotThunks.callBinary(0, $0, $1) }, { SlotThunks.callBinary(1, $0, $1) }, { SlotThunks.callBinary(2, $0, $1) }, { SlotThunks.callBinary(3, $0, $1) },
        { SlotThunks.callBinary(4, $0, $1) }, { SlotThunks.callBinary(5, $0, $1) }, { SlotThunks.callBinary(6, $0, $1) }, { SlotThunks.callBinary(7, $0, $1) },
    ]
    static let assign: [Assign] = [{ SlotThunks.callAssign(0, $0, $1, $2) }, { SlotThunks.callAssign(1, $0, $1, $2) }]
    static let length: [Length] = [{ SlotThunks.callLength(0, $0) }, { SlotThunks.callLength(1, $0) }]
    static let contains: [Contains] = [{ SlotThunks.callContains(0, $0, $1) }, { SlotThunks.callContains(1, $0, $1) }]
    static let initialize: [Initialize] = [{ SlotThunks.callInitialize(0, $0, $1, $2) }, { SlotThunks.callInitialize(1, $0, $1, $2) }]
    static let method: [FastCall] = [
        { SlotThunks.callMethod(0, $0, $1, $2, $3) }, { SlotThunks.callMethod(1, $0, $1, $2, $3) }, { SlotThunks.callMethod(2, $0, $1, $2, $3) },
        { SlotThunks.callMethod(3, $0, $1, $2, $3) }, { SlotThunks.callMethod(4, $0, $1, $2, $3) }, { SlotThunks.callMethod(5, $0, $1, $2, $3) },
        { SlotThunks.callMethod(6, $0, $1, $2, $3) }, { SlotThunks.callMethod(7, $0, $1, $2, $3) }, { SlotThunks.callMethod(8, $0, $1, $2, $3) },
        { SlotThunks.callMethod(9, $0, $1, $2, $3) }, { SlotThunks.callMethod(10, $0, $1, $2, $3) }, { SlotThunks.callMethod(11, $0, $1, $2, $3) },
        { SlotThunks.callMethod(12, $0, $1, $2, $3) }, { SlotThunks.callMethod(13, $0, $1, $2, $3) }, { SlotThunks.callMethod(14, $0, $1, $2, $3) },
        { SlotThunks.callMethod(15, $0, $1, $2, $3) },
    ]
    static let moduleInit: [ModuleInit] = [{ SlotThunks.callModuleInit(0) }, { SlotThunks.callModuleInit(1) }, { SlotThunks.callModuleInit(2) }, { SlotThunks.callModuleInit(3) }]

    // What the thunks do. `self` and operands are never NULL when CPython calls a slot; a NULL
    // would be a CPython bug, reported as SystemError-like TypeError rather than a trap.

    private static func present(_ object: PyObjectPointer?) throws -> PyObjectPointer {
        guard let object else { throw PythonException(.typeError, "a slot was called without an object") }
        return object
    }

    private static func callUnary(_ index: Int, _ object: PyObjectPointer?) -> PyObjectPointer? {
        Trampoline.object { gil in try unaryBodies[index](gil, try present(object)) }
    }

    private static func callBinary(_ index: Int, _ left: PyObjectPointer?, _ right: PyObjectPointer?) -> PyObjectPointer? {
        Trampoline.object { gil in try binaryBodies[index](gil, try present(left), try present(right)) }
    }

    private static func callAssign(_ index: Int, _ object: PyObjectPointer?, _ key: PyObjectPointer?, _ value: PyObjectPointer?) -> Int32 {
        Trampoline.status { gil in try assignBodies[index](gil, try present(object), try present(key), value) }
    }

    private static func callLength(_ index: Int, _ object: PyObjectPointer?) -> Py_ssize_t {
        Trampoline.length { gil in try lengthBodies[index](gil, try present(object)) }
    }

    private static func callContains(_ index: Int, _ object: PyObjectPointer?, _ key: PyObjectPointer?) -> Int32 {
        Trampoline.truth { gil in try containsBodies[index](gil, try present(object), try present(key)) }
    }

    private static func callInitialize(_ index: Int, _ object: PyObjectPointer?, _ args: PyObjectPointer?, _ keywords: PyObjectPointer?) -> Int32 {
        let entry = initializeBodies[index]
        guard let object, entry.base(object, args, keywords) == 0 else { return -1 }
        return Trampoline.status { gil in try entry.body(gil, object) }
    }

    private static func callMethod(
        _ index: Int, _ object: PyObjectPointer?, _ args: UnsafePointer<PyObjectPointer?>?, _ count: Py_ssize_t, _ names: PyObjectPointer?
    ) -> PyObjectPointer? {
        Trampoline.object { gil in
            // Field by field through the pool's addressor: copying the whole `Method` would
            // retain its strings and array on every call (deepget is called per record).
            let arguments = try Arguments(function: methodBodies[index].name, parameters: methodBodies[index].parameters,
                                          required: methodBodies[index].required, args: args, count: count, keywordNames: names, gil)
            return try methodBodies[index].body(gil, try present(object), arguments)
        }
    }

    private static func callModuleInit(_ index: Int) -> PyObjectPointer? {
        Trampoline.object { gil in try moduleBodies[index](gil) }
    }
}

/// Bodies for a fixed set of thunks, claimed in order. Written only while a type or module is
/// made (under the GIL, or under `PythonRuntime`'s lock for module initialisers) and read by the
/// thunks afterwards; the storage is a raw buffer so that reads need no exclusivity checks.
final class ThunkPool<Body>: @unchecked Sendable {
    // @unchecked: see above; a slot is written once, before its thunk can be called.
    /// Initialised up to `used`; only claimed thunks are ever installed, so only those are read.
    private let bodies: UnsafeMutablePointer<Body>
    private let capacity: Int
    private var used = 0

    init(capacity: Int) {
        self.capacity = capacity
        bodies = .allocate(capacity: capacity)
    }

    /// The index of a free thunk, now bound to `body`.
    func claim(_ body: Body, for what: String) throws -> Int {
        guard used < capacity else {
            throw PythonException(.runtimeError, "the bridge has no free \(Body.self) thunk for \(what); add one to SlotThunks")
        }
        (bodies + used).initialize(to: body)
        used += 1
        return used - 1
    }

    /// The body of a claimed thunk, borrowed in place.
    subscript(index: Int) -> Body {
        unsafeAddress {
            assert(index < used, "ThunkPool: thunk \(index) was never claimed")
            return UnsafePointer(bodies + index)
        }
    }
}
