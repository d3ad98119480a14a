/// What `detection-host run` was asked to do (DESIGN §5).
public struct RunOptions: Sendable {
    public var paths: [String] = ["detections"]
    /// Input files; `-` is standard input.
    public var inputs: [String] = ["-"]
    public var output: String?
    public var cache: CacheURL = .memory
    public var table: String?
    /// Panther's log type of raw input (`p_log_type` where a record has none); only the Panther
    /// rules whose LogTypes list it run.
    public var logType: String?
    public var errorsFile: String?
    /// The fields read for a record's event time, in order (DESIGN §4: `ts`); Panther rules add
    /// `p_event_time` and CloudTrail's `eventTime`.
    public var eventTimeFields = ["ts"]
    public var failFast = false
    public var timeoutMilliseconds: Int?

    /// The longest `--timeout-ms`: one day (a call stuck longer is stuck for good).
    public static let longestTimeoutMilliseconds = 86_400_000

    public init() {}
}

/// The exit statuses of DESIGN §5.
public enum RunStatus: Int32, Sendable {
    case clean = 0
    /// Some records or detection calls failed; the run went on.
    case someFailed = 1
    /// The run could not start: bad arguments, a detection that does not load, unreadable input.
    case couldNotStart = 2
    /// Stopped by Ctrl-C (after flushing the output and printing the summary), as shells expect.
    case interrupted = 130
    /// Standard output was closed by its reader (`| head`): the run ended quietly there, with
    /// the status a program killed by SIGPIPE has, as `cat` and `grep` do.
    case outputClosed = 141
}
