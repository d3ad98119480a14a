import AWSCore

/// The SQS queue `consume --queue URL` names, as a `WorkQueue`.
final class SQSWorkQueue: WorkQueue {
    private let client: SQSClient

    init(_ client: SQSClient) {
        self.client = client
    }

    func receive(waitSeconds: Int, visibilityTimeout: Int) throws -> [QueuedMessage] {
        // One message at a time: a message received but not yet started would wait hidden
        // behind the one in progress, while another worker could have taken it.
        try client.receive(maxMessages: 1, waitSeconds: waitSeconds, visibilityTimeout: visibilityTimeout)
    }

    func delete(_ message: QueuedMessage) throws {
        try client.delete(receiptHandle: message.receiptHandle)
    }

    func changeVisibility(of message: QueuedMessage, seconds: Int) throws {
        try client.changeVisibility(receiptHandle: message.receiptHandle, seconds: seconds)
    }

    func approximateDepth() -> Int? {
        try? client.approximateDepth()
    }
}

extension QueueConsumer {
    /// Consumes the SQS queue at `queueURL`, whose messages are S3 event notifications.
    public static func run(_ options: ConsumeOptions, queueURL: String) -> RunStatus {
        let client: SQSClient
        do {
            client = try SQSClient(queueURL: queueURL)
        } catch {
            Diagnostics.print("detection-host: --queue \(queueURL): \(error)")
            return .couldNotStart
        }
        return run(options, queue: SQSWorkQueue(client), inputs: inputs(announcedBy:))
    }

    /// The objects a notification announces as inputs (`s3://bucket/key`): created objects only
    /// (a deletion announces nothing to read), and no "folder" placeholders (keys ending in `/`,
    /// which `run` would take for a prefix).
    static func inputs(announcedBy message: QueuedMessage) throws -> [String] {
        try S3EventNotification.objects(in: message.body)
            .filter { $0.eventName.hasPrefix("ObjectCreated") && !$0.key.hasSuffix("/") }
            .map { "s3://\($0.bucket)/\($0.key)" }
    }
}
