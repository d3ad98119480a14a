import ArgumentParser
import DetectionEngine
import Foundation

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the test cases of detections and report which pass.",
        discussion: """
            Cases come from `tests:` in detection.yml and from every *.yml, *.yaml and *.json file \
            in a tests/ folder beside detect.py (one case or a list of cases per file). Each case \
            runs alone: a fresh memory cache, fresh alerting, its mocks undone afterwards. The \
            last line of standard output is "N passed, M failed".

            Exit status: 0 all passed; 1 a case failed; 2 nothing could run (no detection found, \
            a detection or a test file that does not load).
            """
    )

    @Argument(help: "Detections: .py files, detection directories, or folders of them.")
    var paths: [String] = ["detections"]

    @Option(name: .long, help: ArgumentHelp("Only cases whose detection::name contains this text (ignoring case).", valueName: "text"))
    var filter: String?

    @Flag(name: .long, help: "Print one JSON object per case instead of text lines (the summary goes to standard error).")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Also write a JUnit XML report here, for CI.", valueName: "file"))
    var junit: String?

    @Flag(name: .long, help: "List the cases that pass too.")
    var verbose = false

    @Flag(name: .customLong("require-tests"), help: "Fail each detection that has no test cases.")
    var requireTests = false

    func run() throws {
        var options = TestOptions()
        options.paths = paths
        options.filter = filter
        options.json = json
        options.junit = junit
        options.verbose = verbose
        options.requireTests = requireTests
        options.color = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let status = DetectionTester.run(options)
        if status != 0 { throw ExitCode(status) }
    }
}
