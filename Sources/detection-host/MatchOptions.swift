import ArgumentParser
import DetectionEngine

/// What `run` and `consume` share: which detections run, where matches and errors go, how long
/// a call may take.
struct MatchOptions: ParsableArguments {
    @Argument(help: "Detections: .py files, detection directories, or folders of them.")
    var paths: [String] = ["detections"]

    @Option(name: .long, help: ArgumentHelp("Write matches here instead of standard output; s3://bucket/prefix/ writes one object per input.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Run only detections whose detection.yml lists this table.", valueName: "name"))
    var table: String?

    @Option(name: .customLong("log-type"), help: ArgumentHelp("Panther rules: the log type of the input (p_log_type where a record has none); runs the rules whose LogTypes list it.", valueName: "type"))
    var logType: String?

    @Option(name: .long, help: ArgumentHelp("Write every error (invalid record, detection exception) here as a JSON line.", valueName: "file"))
    var errors: String?

    @Option(name: .customLong("timeout-ms"), help: ArgumentHelp("Interrupt a detection call that runs longer than this many milliseconds; the run goes on with the next call.", valueName: "n"))
    var timeoutMilliseconds: Int?

    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        let longest = RunOptions.longestTimeoutMilliseconds
        if let timeoutMilliseconds, !(1...longest).contains(timeoutMilliseconds) {
            throw ValidationError("--timeout-ms must be a whole number of milliseconds from 1 to \(longest) (one day), not \(timeoutMilliseconds)")
        }
    }

    /// `RunOptions` with these options set.
    func runOptions() throws -> RunOptions {
        var options = RunOptions()
        options.paths = paths
        options.output = output
        options.table = table
        options.logType = logType
        options.errorsFile = errors
        options.timeoutMilliseconds = timeoutMilliseconds
        options.cache = try cacheOptions.url()
        return options
    }
}
