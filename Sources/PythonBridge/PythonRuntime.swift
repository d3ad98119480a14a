import CPython
import Synchronization

/// A builtin module to register with `PyImport_AppendInittab` before the interpreter starts.
public struct BuiltinModule: Sendable {
    public typealias Initializer = @convention(c) () -> UnsafeMutablePointer<PyObject>?

    public let name: String
    public let initializer: Initializer

    public init(name: String, initializer: Initializer) {
        self.name = name
        self.initializer = initializer
    }
}

/// The one interpreter of this process.
public enum PythonRuntime {
    private static let started = Atomic<Bool>(false)
    /// Names of the builtin modules registered so far (guarded by the lock).
    private static let registered = Mutex<Set<String>>([])

    public static var isInitialized: Bool { started.load(ordering: .acquiring) }

    /// Starts CPython once per process, with `modules` importable as builtins. The GIL is
    /// released before returning: code takes it with `Python.withGIL`.
    ///
    /// A later call only adds the modules not registered yet. The inittab is closed once the
    /// interpreter runs, so those are built at once and put in `sys.modules`, which `import`
    /// consults first: the same result. (One test process links several clients of the bridge,
    /// and whichever starts the interpreter first cannot know the others' modules.)
    public static func initialize(modules: [BuiltinModule]) {
        registered.withLock { names in
            let new = modules.filter { !names.contains($0.name) }
            names.formUnion(new.map(\.name))
            if isInitialized {
                addToRunningInterpreter(new)
            } else {
                start(with: new)
            }
        }
    }

    private static func addToRunningInterpreter(_ modules: [BuiltinModule]) {
        guard !modules.isEmpty else { return }
        Python.withGIL { _ in
            let sysModules = PyImport_GetModuleDict()
            for module in modules {
                guard let object = module.initializer(), PyDict_SetItemString(sysModules, module.name, object) == 0 else {
                    PyErr_Print()
                    fatalError("cannot create builtin module \(module.name)")
                }
                CPy_DECREF(object)
            }
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
            // CPython keeps the pointer for the life of the process.
            guard let name = strdup(module.name), PyImport_AppendInittab(name, module.initializer) == 0 else {
                fatalError("cannot register builtin module \(module.name)")
            }
        }
        var config = PyConfig()
        PyConfig_InitPythonConfig(&config)
        config.parse_argv = 0
        config.install_signal_handlers = 1
        var status = configure(&config)
        if PyStatus_Exception(status) == 0 { status = Py_InitializeFromConfig(&config) }
        PyConfig_Clear(&config)
        if PyStatus_Exception(status) != 0 {
            let message = status.err_msg.map { String(cString: $0) } ?? "unknown error"
            fatalError("cannot start the Python interpreter: \(message)")
        }
        started.store(true, ordering: .releasing)
    }
}
