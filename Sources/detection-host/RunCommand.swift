import ArgumentParser
import DetectionEngine

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run detections over records and write one JSON line per match.",
        discussion: """
            Input files are JSON Lines (one JSON object per line), a JSON array of records, or a \
            CloudTrail log file ({"Records": [...]}), each optionally gzip-compressed; standard input \
            when no --input is given. An input may be an S3 object (s3://bucket/key) or every object \
            under a prefix (s3://bucket/prefix/, in key order), streamed; --output s3://bucket/prefix/ \
            writes one object of matches per input, prefix/<input key>.jsonl, when that input is done. \
            S3 is reached with the standard AWS variables: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, \
            AWS_SESSION_TOKEN, AWS_REGION (or AWS_DEFAULT_REGION), and AWS_ENDPOINT_URL_S3 (or \
            AWS_ENDPOINT_URL) for another endpoint, which gets path-style requests. Each match is written to standard \
            output (or --output) as a JSON object with detection, id (the same on every run for the same detection, input and line), alert_id, activated, match_count, \
            title, severity, dedupe, description, runbook, reference, destinations, alert_context, \
            file, line (the line number in JSON Lines, else the record's 1-based position) and record. A summary and every error go to \
            standard error.

            Exit status: 0 clean; 1 some records or detection calls failed (the run went on); \
            2 the run could not start (bad arguments, a detection that does not load, unreadable input).
            """
    )

    @OptionGroup var matchOptions: MatchOptions

    @Option(name: .long, help: ArgumentHelp("A file to read, - for standard input, s3://bucket/key, or s3://bucket/prefix/ for every object under it. Repeatable.", valueName: "file"))
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
