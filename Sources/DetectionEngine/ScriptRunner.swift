import CacheCore
import DetectionModule
import PythonBridge

/// `detection-host python`: runs a script, `-c` code or standard input inside the host, with
/// `detection` importable, exactly as `python3` would run it (DESIGN §5): CPython's own main
/// runs it and finalises the interpreter, so exit statuses, tracebacks, `atexit` and threads
/// behave as they do there.
public enum ScriptRunner {
    public typealias Program = MainProgram

    public static func run(_ program: Program, arguments: [String], cache: CacheURL,
                           clock: any CacheClock = SystemClock()) -> Int32 {
        do {
            CacheBinding.use(try cache.open(clock: clock))
        } catch {
            Diagnostics.print("detection-host python: \(error)")
            return 2
        }
        return PythonRuntime.runMain(program, arguments: arguments, modules: [DetectionModule.builtin])
    }
}
