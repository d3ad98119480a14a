import ArgumentParser
import DetectionEngine

struct PythonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "python",
        abstract: "Run Python code inside the host, with the detection module importable.",
        discussion: """
            Like python: `detection-host python script.py ARG...` or `detection-host python -c CODE ARG...`. \
            Options come before FILE; everything after FILE is the script's sys.argv[1:]. \
            An uncaught exception prints its traceback and exits 1; sys.exit(n) exits n.
            """
    )

    @Option(name: .customShort("c"), help: ArgumentHelp("Program passed in as a string.", valueName: "code"))
    var code: String?

    @OptionGroup var cacheOptions: CacheOptions

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("FILE (or - for standard input), then the script's arguments.", valueName: "file-and-args"))
    var arguments: [String] = []

    func validate() throws {
        if code == nil && arguments.isEmpty {
            throw ValidationError("give a script FILE or -c CODE")
        }
    }

    func run() throws {
        let program: ScriptRunner.Program
        var argv = arguments
        if let code {
            program = .code(code)
        } else {
            let file = argv.removeFirst()
            program = file == "-" ? .standardInput : .file(file)
        }
        let status = ScriptRunner.run(program, arguments: argv, cache: try cacheOptions.url())
        if status != 0 { throw ExitCode(status) }
    }
}
