#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CacheCore

/// The secret half of the configuration. It prints as a redaction everywhere (description,
/// debug description, reflection), so that no error, log line or `dump` can leak a key.
public struct AWSCredentials: Sendable {
    public let accessKeyID: String
    let secretAccessKey: String
    let sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Reads the standard variables `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional
    /// `AWS_SESSION_TOKEN`. The error names the variables, never their values.
    public init(environment: [String: String]) throws(CacheError) {
        guard let keyID = environment["AWS_ACCESS_KEY_ID"].nonEmpty,
              let secret = environment["AWS_SECRET_ACCESS_KEY"].nonEmpty
        else {
            throw .store(
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

extension Optional where Wrapped == String {
    /// The value when set to something other than the empty string (an empty variable counts
    /// as unset, as the AWS SDKs treat it).
    var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
