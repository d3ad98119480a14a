import CPython
import Glibc
import Synchronization

/// A builtin module to register before the interpreter starts: its name, and the Swift body that
/// builds the module object (called with the GIL held when the module is first imported).
public struct BuiltinModule: Sendable {
    public typealias Create = @Sendable (borrowing GILToken) throws -> PyOwned

    public let name: String
    let create: Create

    public init(name: String, create: @escaping Create) {
        self.name = name
        self.create = create
    }
}

/// The one interpreter of this process.
public enum PythonRuntime {
    private enum Phase { case stopped, starting, running }

    private struct Registry {
        var names: Set<String> = []
        var phase = Phase.stopped
    }

    private static let started = Atomic<Bool>(false)
    /// The builtin modules registered so far and whether a thread has begun starting Python.
    /// Never held while Python runs: a module's body may itself register modules.
    private static let registry = Mutex(Registry())

    public static var isInitialized: Bool { started.load(ordering: .acquiring) }

    /// Starts CPython once per process, with `modules` importable as builtins. The GIL is
    /// released before returning: code takes it with `Python.withGIL`.
    ///
    /// A later call only adds the modules not registered yet. The inittab is closed once the
    /// interpreter runs, so those are built at once and put in `sys.modules`, which `import`
    /// consults first: the same result. (One test process links several clients of the bridge,
    /// and whichever starts the interpreter first cannot know the others' modules.)
    public static func initialize(modules: [BuiltinModule]) {
        let (new, starts) = registry.withLock { registry -> ([BuiltinModule], Bool) in
            var new: [BuiltinModule] = []
            for module in modules where registry.names.insert(module.name).inserted {
                new.append(module)
            }
            guard registry.phase == .stopped else { return (new, false) }
            registry.phase = .starting
            return (new, true)
        }
        if starts {
            start(with: new)
            registry.withLock { $0.phase = .running }
            return
        }
        // Another thread may be starting the interpreter right now; it takes milliseconds.
        while !isInitialized { sched_yield() }
        addToRunningInterpreter(new)
    }

    private static func addToRunningInterpreter(_ modules: [BuiltinModule]) {
        guard !modules.isEmpty else { return }
        Python.withGIL { gil in
            for module in modules {
                do {
                    let object = try module.create(gil)
                    try setItem(PyImport_GetModuleDict(), module.name, object.raw, gil)
                } catch {
                    fatalError("cannot create builtin module \(module.name): \(error)")
                }
            }
        }
    }

    /// Names the host's own binary as the program: left unset, CPython looks for `python3` on
    /// PATH to find its installation, and an activated virtual environment's `python3` would
    /// make it read that environment's base interpreter's standard library, which need not be
    /// the one this library was built with (`ssl` then fails to import). The host's packages
    /// from a virtual environment come through `VIRTUAL_ENV` instead.
    private static func useOwnExecutable(_ config: inout PyConfig) -> PyStatus {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return PyStatus_Ok() }
        return withUnsafeMutablePointer(to: &config) { pointer in
            PyConfig_SetBytesString(pointer, &pointer.pointee.program_name, buffer)
        }
    }

    private static func start(with modules: [BuiltinModule]) {
        startInterpreter(with: modules) { _ in PyStatus_Ok() }
        // Initialisation leaves the GIL held by this thread; hand it back so that any thread,
        // this one included, takes it through PyGILState_Ensure (python/cpython#102732).
        _ = PyEval_SaveThread()
    }

    /// Registers `modules` as builtins and starts the interpreter with the host's settings plus
    /// what `configure` adds. Returns with the GIL held by the calling thread.
    static func startInterpreter(with modules: [BuiltinModule], configure: (inout PyConfig) -> PyStatus) {
        for module in modules {
            // The inittab wants a C function; each module gets a thunk that runs its body.
            guard let index = try? SlotThunks.moduleBodies.claim(module.create, for: module.name),
                  // CPython keeps the name's pointer for the life of the process.
                  let name = strdup(module.name),
                  PyImport_AppendInittab(name, SlotThunks.moduleInit[index]) == 0 else {
                fatalError("cannot register builtin module \(module.name)")
            }
        }
        var config = PyConfig()
        PyConfig_InitPythonConfig(&config)
        config.parse_argv = 0
        config.install_signal_handlers = 1
        var status = useOwnExecutable(&config)
        if PyStatus_Exception(status) == 0 { status = configure(&config) }
        if PyStatus_Exception(status) == 0 { status = Py_InitializeFromConfig(&config) }
        PyConfig_Clear(&config)
        if PyStatus_Exception(status) != 0 {
            let message = status.err_msg.map { String(cString: $0) } ?? "unknown error"
            fatalError("cannot start the Python interpreter: \(message)")
        }
        started.store(true, ordering: .releasing)
    }
}
