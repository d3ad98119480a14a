/// What `detection-host consume` was asked to do: `run`'s options for the detections, cache,
/// output and errors, and how to take work from the queue.
public struct ConsumeOptions: Sendable {
    public var run = RunOptions()
    /// How long a received message stays hidden from other workers; extended while its objects
    /// are in progress, so it only has to cover the time between two extensions.
    public var visibilityTimeout = 300
    /// How long one receive waits for a message (SQS long polling allows up to 20 s).
    public var waitSeconds = 10
    /// Exit once the queue has given nothing for this many seconds; nil waits for ever.
    public var idleExitSeconds: Int?

    public static let visibilityRange = 1...43_200
    public static let waitRange = 0...20

    public init() {}
}
