#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// When a failed request is tried again, and how long to wait first.
///
/// Retried: throttling (the server refused the request unapplied and asks the client to slow
/// down), and a 5xx or a lost answer only for operations that are safe to repeat — a 5xx does
/// not say whether a write was applied, and an `ADD` sent twice counts twice. Never a
/// validation or other client error, which would fail the same way again. The wait is
/// "full jitter" exponential backoff: a random time in `0 ..< min(cap, base · 2^attempt)`, so
/// that hosts throttled together do not come back together.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 8, baseDelay: Duration = .milliseconds(25), maxDelay: Duration = .seconds(2)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The error codes AWS services use to ask for a slower pace (DynamoDB, SQS, S3), and S3's
    /// for a request it gave up reading, which is refused unapplied too.
    static let throttlingCodes: Set<String> = [
        "ThrottlingException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "Throttling",
        "SlowDown",
        "RequestTimeout",
    ]

    /// Why a failure that a safe operation would retry was not retried; nil when that is not why.
    package func unsafeToRetry(_ failure: AWSFailure, idempotent: Bool) -> String? {
        guard !idempotent else { return nil }
        switch failure {
        case let .service(status, _, _) where status >= 500:
            return "not retried: the server failed without saying whether the write was applied, and repeating it could apply it twice"
        case .noAnswer:
            return "not retried: the write may have been applied, and repeating it could apply it twice"
        default:
            return nil
        }
    }

    /// Whether a failed request may be sent again.
    package func shouldRetry(_ failure: AWSFailure, idempotent: Bool) -> Bool {
        switch failure {
        case let .service(status, code, _):
            Self.throttlingCodes.contains(code) || status == 429 || (status >= 500 && idempotent)
        case .notSent:
            // The HTTP client's pool already kept trying to connect until its connect timeout;
            // trying again would only multiply that wait.
            false
        case .noAnswer:
            // The request may have been applied: sending an increment twice would count twice.
            idempotent
        }
    }

    /// The random wait before attempt `attempt + 1` (0-based `attempt` of the failure).
    package func delay(afterAttempt attempt: Int) -> Duration {
        let ceiling = min(maxDelay, baseDelay * (1 << min(attempt, 30)))
        let nanos = ceiling.nanosecondCount
        guard nanos > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0..<nanos))
    }
}

/// How one HTTP exchange failed, before it becomes a `CacheError`.
package enum AWSFailure: Error, Sendable {
    /// The service answered with an error: the HTTP status, its code (`ThrottlingException`) and message.
    case service(status: Int, code: String, message: String)
    /// The request never left: no connection could be made.
    case notSent(code: String, message: String)
    /// The request left but no answer came (timeout, dropped connection): it may have been applied.
    case noAnswer(code: String, message: String)

    package var code: String {
        switch self {
        case let .service(_, code, _), let .notSent(code, _), let .noAnswer(code, _): code
        }
    }

    package var message: String {
        switch self {
        case let .service(_, _, message), let .notSent(_, message), let .noAnswer(_, message): message
        }
    }
}

/// Blocks the calling thread (never an event loop: the clients' callers are plain threads).
package func sleepBlocking(_ duration: Duration) {
    let nanos = duration.nanosecondCount
    guard nanos > 0 else { return }
    var request = timespec(tv_sec: Int(nanos / 1_000_000_000), tv_nsec: Int(nanos % 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0, errno == EINTR {
        request = remaining
    }
}

extension Duration {
    /// The duration in whole nanoseconds (what `timespec`, `NIODeadline` and random waits use).
    package var nanosecondCount: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
