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
            output (or --output) as a JSON object with detection, alert_id, activated, match_count, \
            title, severity, dedupe, description, runbook, reference, destinations, alert_context, \
            file, line (the line number in JSON Lines, else the record's 1-based position) and record. A summary and every error go to \
            standard error.

            Exit status: 0 clean; 1 some records or detection calls failed (the run went on); \
            2 the run could not start (bad arguments, a detection that does not load, unreadable input).
            """
    )

    @Argument(help: "Detections: .py files, detection directories, or folders of them.")
    var paths: [String] = ["detections"]

    @Option(name: .long, help: ArgumentHelp("A file to read, - for standard input, s3://bucket/key, or s3://bucket/prefix/ for every object under it. Repeatable.", valueName: "file"))
    var input: [String] = []

    @Option(name: .long, help: ArgumentHelp("Write matches here instead of standard output; s3://bucket/prefix/ writes one object per input.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Run only detections whose detection.yml lists this table.", valueName: "name"))
    var table: String?

    @Option(name: .customLong("log-type"), help: ArgumentHelp("Panther rules: the log type of the input (p_log_type where a record has none); runs the rules whose LogTypes list it.", valueName: "type"))
    var logType: String?

    @Option(name: .long, help: ArgumentHelp("Write every error (invalid record, detection exception) here as a JSON line.", valueName: "file"))
    var errors: String?

    @Flag(name: .long, help: "Stop at the first invalid record or detection error.")
    var failFast = false

    @Option(name: .customLong("timeout-ms"), help: ArgumentHelp("Interrupt a detection call that runs longer than this many milliseconds; the run goes on with the next call.", valueName: "n"))
    var timeoutMilliseconds: Int?

    func validate() throws {
        let longest = RunOptions.longestTimeoutMilliseconds
        if let timeoutMilliseconds, !(1...longest).contains(timeoutMilliseconds) {
            throw ValidationError("--timeout-ms must be a whole number of milliseconds from 1 to \(longest) (one day), not \(timeoutMilliseconds)")
        }
    }

    @OptionGroup var cacheOptions: CacheOptions

    func run() throws {
        var options = RunOptions()
        options.paths = paths
        options.inputs = input.isEmpty ? ["-"] : input
        options.output = output
        options.table = table
        options.logType = logType
        options.errorsFile = errors
        options.failFast = failFast
        options.timeoutMilliseconds = timeoutMilliseconds
        options.cache = try cacheOptions.url()
        let status = DetectionRunner.run(options)
        if status != .clean { throw ExitCode(status.rawValue) }
    }
}
