import ArgumentParser
import DetectionEngine

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run detections over records and write one JSON line per match.",
        discussion: """
            Input files are JSON Lines (one JSON object per line), a JSON array of records, or a \
            CloudTrail log file ({"Records": [...]}), each optionally gzip-compressed; standard input \
            when no --input is given. Each match is written to standard \
            output (or --output) as a JSON object with detection, id (the same on every run for the same detection, input and line), alert_id, activated, match_count, \
            title, severity, dedupe, description, runbook, reference, destinations, alert_context, \
            file, line (the line number in JSON Lines, else the record's 1-based position) and record. A summary and every error go to \
            standard error.

            Exit status: 0 clean; 1 some records or detection calls failed (the run went on); \
            2 the run could not start (bad arguments, a detection that does not load, unreadable input).
            """
    )

    @OptionGroup var matchOptions: MatchOptions

    @Option(name: .long, help: ArgumentHelp("A JSON Lines file to read, or - for standard input. Repeatable.", valueName: "file"))
    var input: [String] = []

    @Flag(name: .long, help: "Stop at the first invalid record or detection error.")
    var failFast = false

    func run() throws {
        var options = try matchOptions.runOptions()
        options.inputs = input.isEmpty ? ["-"] : input
        options.failFast = failFast
        let status = DetectionRunner.run(options)
        if status != .clean { throw ExitCode(status.rawValue) }
    }
}
