import ArgumentParser
import DetectionEngine

struct ConsumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Run detections over the S3 objects announced on an SQS queue, as one of many workers.",
        discussion: """
            Long-polls the queue for S3 event notifications (as S3 sends them, or wrapped in an \
            SNS envelope), runs every detection over each announced object as run does (JSON \
            Lines, a JSON array or a CloudTrail file, gzip or not, streamed), and deletes the \
            message only once the object's matches are written. While an object is in progress \
            the message's visibility is extended, so the timeout only needs to cover a few \
            seconds of work. A message whose object cannot be read or holds invalid records stays \
            on the queue: it comes back after the visibility timeout and, after the queue's \
            maximum receive count, goes to its dead-letter queue. Run as many workers as needed, \
            on any number of machines: with --cache dynamodb:TABLE they share alert state, so \
            together they open, count and activate alerts as one run would; each row's id \
            (detection, object, line) recognises a row written twice after a retry.

            AWS credentials, region and endpoints come from the standard variables \
            (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, \
            AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_S3 / _SQS / _DYNAMODB).

            SIGTERM finishes the object at hand, then exits; Ctrl-C stops at once and returns \
            the message to the queue (130). Exit status 0 after SIGTERM or --idle-exit when \
            every message was done; 1 when some message failed (and was left on the queue), or \
            the output or the alert state could not be written (the worker then stops at once); \
            2 when it could not start.
            """
    )

    @OptionGroup var matchOptions: MatchOptions

    @Option(name: .long, help: ArgumentHelp("The SQS queue's URL.", valueName: "url"))
    var queue: String

    @Option(name: .customLong("visibility-timeout"), help: ArgumentHelp(
        "Seconds a received message stays hidden from other workers; extended every third of it while its objects run.",
        valueName: "seconds"))
    var visibilityTimeout = 300

    @Option(name: .customLong("wait-seconds"), help: ArgumentHelp("How long one receive waits for a message (long polling, 0 to 20).", valueName: "seconds"))
    var waitSeconds = 10

    @Option(name: .customLong("idle-exit"), help: ArgumentHelp("Exit 0 once the queue has given nothing for this many seconds (default: wait for ever).", valueName: "seconds"))
    var idleExitSeconds: Int?

    func validate() throws {
        let visibility = ConsumeOptions.visibilityRange
        guard visibility.contains(visibilityTimeout) else {
            throw ValidationError("--visibility-timeout must be from \(visibility.lowerBound) to \(visibility.upperBound) seconds (SQS's limit is 12 hours), not \(visibilityTimeout)")
        }
        let wait = ConsumeOptions.waitRange
        guard wait.contains(waitSeconds) else {
            throw ValidationError("--wait-seconds must be from \(wait.lowerBound) to \(wait.upperBound), not \(waitSeconds)")
        }
        if let idleExitSeconds, idleExitSeconds < 0 {
            throw ValidationError("--idle-exit must be 0 or more seconds, not \(idleExitSeconds)")
        }
    }

    func run() throws {
        var options = ConsumeOptions()
        options.run = try matchOptions.runOptions()
        options.visibilityTimeout = visibilityTimeout
        options.waitSeconds = waitSeconds
        options.idleExitSeconds = idleExitSeconds
        let status = QueueConsumer.run(options, queueURL: queue)
        if status != .clean { throw ExitCode(status.rawValue) }
    }
}
