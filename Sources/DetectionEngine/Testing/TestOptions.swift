/// What `detection-host test` was asked to do (DESIGN §8).
public struct TestOptions: Sendable {
    public var paths: [String] = ["detections"]
    /// Only cases whose `detection::name` contains this, ignoring case.
    public var filter: String?
    /// One JSON object per case on standard output instead of the text lines.
    public var json = false
    /// Where to write a JUnit XML report.
    public var junit: String?
    /// List the passes too.
    public var verbose = false
    /// A detection without cases fails.
    public var requireTests = false
    /// Colour the text report (the command decides: a terminal, and `NO_COLOR` unset).
    public var color = false

    public init() {}
}
