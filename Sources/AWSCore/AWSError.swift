/// A failed AWS call, as callers see it: the service's error code (`NoSuchKey`,
/// `ThrottlingException`, or one of ours such as `ConnectionRefused`) and a message that names
/// what was asked for. Messages never hold a credential: the sender redacts them.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) (\(code))" }

    /// The same error with `context` (the bucket and key, the queue) put in front of its message.
    package func during(_ context: String) -> AWSError {
        AWSError(code: code, message: "\(context): \(message)")
    }
}

extension Optional where Wrapped == String {
    /// The value when set to something other than the empty string (an empty variable counts
    /// as unset, as the AWS SDKs treat it).
    package var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
