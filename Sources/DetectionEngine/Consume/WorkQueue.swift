/// A queue of work announced by messages, as SQS delivers them: a received message is hidden
/// from other consumers for the visibility timeout, comes back if it is not deleted by then, and
/// (with a redrive policy) moves to a dead-letter queue after too many receives. `consume` takes
/// the queue as this protocol so that the loop is the same for SQS and for a test's queue.
public protocol WorkQueue: AnyObject, Sendable {
    /// Up to one message, waiting at most `waitSeconds` for one (long polling); each received
    /// message is hidden for `visibilityTimeout` seconds.
    func receive(waitSeconds: Int, visibilityTimeout: Int) throws -> [QueuedMessage]
    /// Removes a message whose work is done.
    func delete(_ message: QueuedMessage) throws
    /// Hides the message for `seconds` more from now (0 makes it visible again at once).
    func changeVisibility(of message: QueuedMessage, seconds: Int) throws
    /// About how many messages wait, when the queue can tell.
    func approximateDepth() -> Int?
}

/// One received message.
public struct QueuedMessage: Sendable {
    public let id: String
    /// What `delete` and `changeVisibility` name the message by (one per receive).
    public let receiptHandle: String
    public let body: String
    /// How many times the message has been received, this time included.
    public let receiveCount: Int

    public init(id: String, receiptHandle: String, body: String, receiveCount: Int) {
        self.id = id
        self.receiptHandle = receiptHandle
        self.body = body
        self.receiveCount = receiveCount
    }
}
