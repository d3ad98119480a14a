import AWSCore

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

/// One received message: AWSCore's `SQSMessage` (ID, receipt handle, body, receive count),
/// whatever the queue.
public typealias QueuedMessage = SQSMessage
