import Foundation
import Testing

/// `detection-host python [--cache URL] (FILE | -c CODE) [ARG...]` (DESIGN §5): Python inside
/// the host, `detection` importable, exiting as `python` does.
@Suite final class PythonCommandTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    @Test func codeGivenWithDashC() throws {
        let result = try workspace.host(["python", "-c", "import sys; print(6 * 7); print(sys.argv)"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == "42\n['-c']\n")
    }

    @Test func aScriptGetsItsArgumentsInSysArgv() throws {
        let script = try workspace.write("show_args.py", """
            import json, sys
            print(json.dumps(sys.argv))
            """)
        let result = try workspace.host(["python", "show_args.py", "one", "two words", "--cache", "x", "-c", "--", "-"])
        #expect(result.status == 0, "\(result.errors)")
        let argv = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String]
        #expect(argv?.dropFirst() == ["one", "two words", "--cache", "x", "-c", "--", "-"])
        #expect(argv?.first.map { $0 == "show_args.py" || $0 == script } == true, "\(argv ?? [])")
    }

    /// The extension modules that rules import (lib-dynload's `.so` files) find the C API of the
    /// embedded interpreter and share its state (one `sys.modules`), however CPython is linked.
    @Test func extensionModulesLoadAgainstTheEmbeddedInterpreter() throws {
        let code = """
            import ssl, sqlite3, decimal, ctypes, pyexpat, zlib, hashlib, sys
            assert sys.modules["decimal"] is decimal
            print(decimal.Decimal("1.10") + decimal.Decimal("2.20"), zlib.crc32(b"detection"),
                  hashlib.sha256(b"x").hexdigest()[:8], sqlite3.connect(":memory:").execute("select 6*7").fetchone()[0])
            """
        let result = try workspace.host(["python", "-c", code])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == "3.30 171307462 2d711642 42\n")
    }

    @Test func theScriptsDirectoryIsImportable() throws {
        try workspace.write("lib/helper.py", "ANSWER = 42\n")
        try workspace.write("lib/main.py", "import helper\nprint(helper.ANSWER)\n")
        let result = try workspace.host(["python", "lib/main.py"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == "42\n")
    }

    @Test(arguments: [("sys.exit(3)", Int32(3)), ("sys.exit(0)", 0), ("sys.exit()", 0), ("sys.exit(None)", 0), ("raise SystemExit(7)", 7)])
    func sysExitIsHonoured(call: String, status: Int32) throws {
        let result = try workspace.host(["python", "-c", "import sys\nprint('before')\n\(call)\nprint('after')"])
        #expect(result.status == status, "\(result.errors)")
        #expect(result.output == "before\n")
    }

    @Test(arguments: [("import sys; sys.exit('giving up')", "giving up"), ("1 / 0", "ZeroDivisionError: division by zero")])
    func aMessageOrAnExceptionFromDashCGoesToStandardErrorWithStatusOne(code: String, message: String) throws {
        let result = try workspace.host(["python", "-c", code])
        #expect(result.status == 1)
        #expect(result.errors.contains(message), "\(result.errors)")
    }

    @Test func aScriptCanExitWithAStatusToo() throws {
        try workspace.write("exits.py", "import sys\nsys.exit(3)\n")
        #expect(try workspace.host(["python", "exits.py"]).status == 3)
    }

    @Test func anUncaughtExceptionPrintsItsTracebackAndExitsOne() throws {
        let script = try workspace.write("fails.py", """
            print("started", flush=True)

            def inner():
                raise ValueError("something broke")

            inner()
            """)
        let result = try workspace.host(["python", "fails.py"])
        #expect(result.status == 1)
        #expect(result.output == "started\n")
        #expect(result.errors.contains("Traceback (most recent call last)"), "\(result.errors)")
        #expect(result.errors.contains("ValueError: something broke"), "\(result.errors)")
        #expect(result.errors.contains("fails.py\", line 4") || result.errors.contains("\(script)\", line 4"), "\(result.errors)")
    }


    @Test func aSyntaxErrorExitsOneAsPythonDoes() throws {
        try workspace.write("bad.py", "x = 1\nif x\n    pass\n")
        let result = try workspace.host(["python", "bad.py"])
        #expect(result.status == 1)
        #expect(result.errors.contains("SyntaxError"), "\(result.errors)")
        #expect(result.errors.contains("line 2"), "\(result.errors)")
    }

    @Test func theDetectionModuleIsImportable() throws {
        let result = try workspace.host(["python", "-c", """
            from detection import remote_cache, remotecache, Record, StringSet
            import detection
            c = remote_cache("cli-test")
            c.increment_counter("k", 41)
            print(remotecache("cli-test").increment_counter("k"), isinstance(Record({"a": {}})["a"], Record), issubclass(StringSet, set))
            """])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == "42 True True\n")
    }

    @Test func aScriptFromStandardInput() throws {
        let result = try workspace.host(["python", "-", "arg"], input: "import sys\nprint(sys.argv[1:])\n")
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == "['arg']\n")
    }

    /// `python3 FILE` semantics at the end of a program: non-daemon threads are joined, `atexit`
    /// handlers run, buffered output is flushed, and `sys.exit(n)` is the status for any n.
    @Test func theInterpreterIsFinalisedAsPythonDoes() throws {
        try workspace.write("ending.py", """
            import atexit, sys, threading, time

            def worker():
                time.sleep(0.2)
                sys.stdout.write("thread finished\\n")

            atexit.register(lambda: sys.stdout.write("atexit ran\\n"))
            threading.Thread(target=worker).start()
            sys.stdout.write("main done")
            sys.stdout.write("\\n")
            sys.exit(64)
            """)
        let result = try workspace.host(["python", "ending.py"])
        #expect(result.status == 64, "\(result.errors)")
        #expect(result.output == "main done\nthread finished\natexit ran\n", "\(result.output)")
    }

    @Test func aScriptKnowsItsFile() throws {
        let script = try workspace.write("where.py", "import os\nprint(os.path.basename(__file__), __name__)\n")
        let result = try workspace.host(["python", script])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == "where.py __main__\n")
    }

    @Test(arguments: [255, 64, 1, 2])
    func anyExitStatusIsPassedOn(status: Int) throws {
        let result = try workspace.host(["python", "-c", "import sys; sys.exit(\(status))"])
        #expect(result.status == Int32(status), "\(result.errors)")
    }

    @Test func aMissingScriptExitsTwo() throws {
        let result = try workspace.host(["python", "no_such_script.py"])
        #expect(result.status == 2)
        #expect(result.errors.contains("no_such_script.py"), "\(result.errors)")
    }
}
