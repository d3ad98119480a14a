import CacheCore
import DetectionModule
import Foundation
import PythonBridge

/// `detection-host python`: runs a script or `-c` code inside the host, `detection` importable,
/// and exits as `python` would (DESIGN §5).
public enum ScriptRunner {
    public enum Program: Sendable {
        case file(String)
        case code(String)
    }

    public static func run(_ program: Program, arguments: [String], cache: CacheURL,
                           clock: any CacheClock = SystemClock()) -> Int32 {
        let source: String
        let filename: String
        let argv0: String
        let path0: String
        switch program {
        case let .code(code):
            (source, filename, argv0, path0) = (code, "<string>", "-c", "")
        case let .file(path):
            do {
                source = path == "-"
                    ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                    : try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                Diagnostics.print("detection-host python: can't open file '\(path)': \(error.localizedDescription)")
                return 2
            }
            filename = path == "-" ? "<stdin>" : path
            argv0 = path
            // sys.path[0]: the script's directory ("" for the current one, as python does).
            path0 = path == "-" ? "" : (path as NSString).deletingLastPathComponent
        }
        do {
            CacheBinding.use(try cache.open(clock: clock))
        } catch {
            Diagnostics.print("detection-host python: \(error)")
            return 2
        }
        DetectionModule.start()
        return Python.withGIL { gil in
            defer { try? flushStreams(gil) }
            do {
                let prepare = try EngineSupport.function("prepare_script", gil)
                let argv = try pyList([argv0] + arguments, gil)
                let first = try pyString(path0, gil)
                let globals = try call(prepare.pointer, [argv.pointer, first.pointer], gil)
                let code = try compile(source, filename: filename, gil)
                try exec(code.pointer, globals: globals.pointer, gil)
                return 0
            } catch let error as PythonError {
                if let status = error.systemExitStatus(gil) { return status }
                try? flushStreams(gil)
                Diagnostics.print(error.formattedTraceback(gil))
                return 1
            } catch {
                Diagnostics.print("detection-host python: \(error)")
                return 1
            }
        }
    }

    private static func flushStreams(_ gil: borrowing GILToken) throws {
        let flush = try EngineSupport.function("flush_standard_streams", gil)
        _ = try call(flush.pointer, [], gil)
    }
}
