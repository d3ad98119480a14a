#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The secret half of the configuration. It prints as a redaction everywhere (description,
/// debug description, reflection), so that no error, log line or `dump` can leak a key.
public struct AWSCredentials: Sendable {
    public let accessKeyID: String
    package let secretAccessKey: String
    package let sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Reads the standard variables `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional
    /// `AWS_SESSION_TOKEN`. The error names the variables, never their values.
    public init(environment: [String: String]) throws(AWSError) {
        guard let keyID = environment["AWS_ACCESS_KEY_ID"].nonEmpty,
              let secret = environment["AWS_SECRET_ACCESS_KEY"].nonEmpty
        else {
            throw AWSError(
                code: "MissingCredentials",
                message: "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)"
            )
        }
        self.init(accessKeyID: keyID, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"].nonEmpty)
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "AWSCredentials(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension AWSCredentials {
    /// `text` with every credential replaced. Server messages are not trusted to leave them
    /// out: AWS's signature-mismatch message quotes the canonical request, session token included.
    package func redacting(_ text: String) -> String {
        var text = text
        for secret in [secretAccessKey, sessionToken, accessKeyID] {
            // Real credentials are long (an access key ID has 20 characters); replacing a short
            // test value such as "a" would only garble the message.
            guard let secret, secret.count >= 8 else { continue }
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return text
    }
}
