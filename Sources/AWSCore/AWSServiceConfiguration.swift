#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Everything a client needs to reach one service: where, in which region, as whom, and how
/// patiently.
public struct AWSServiceConfiguration: Sendable {
    public var service: AWSService
    public var region: String
    public var endpoint: AWSEndpoint
    /// The endpoint was configured rather than AWS's own (S3 then sends path-style requests,
    /// which emulators such as moto and MinIO expect).
    public var isCustomEndpoint: Bool
    public var credentials: AWSCredentials
    /// The longest one HTTP request may take, connection included (a long poll adds its wait).
    public var requestTimeout: Duration
    public var retry: RetryPolicy

    public init(service: AWSService, region: String, endpoint: AWSEndpoint, isCustomEndpoint: Bool,
                credentials: AWSCredentials, requestTimeout: Duration = .seconds(30), retry: RetryPolicy = RetryPolicy()) {
        self.service = service
        self.region = region
        self.endpoint = endpoint
        self.isCustomEndpoint = isCustomEndpoint
        self.credentials = credentials
        self.requestTimeout = requestTimeout
        self.retry = retry
    }

    /// Resolves a configuration the way the AWS SDKs do (`AWSEnvironment`): explicit
    /// parameters win over the variables; credentials come from `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
    public init(service: AWSService, endpoint: String? = nil, region: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(AWSError) {
        guard let region = AWSEnvironment.region(region, environment: environment) else {
            throw AWSError(code: "MissingRegion", message: "no AWS region: set AWS_REGION")
        }
        let custom = try AWSEnvironment.customEndpoint(for: service, endpoint, environment: environment)
        self.init(service: service, region: region, endpoint: custom ?? service.publicEndpoint(region: region),
                  isCustomEndpoint: custom != nil, credentials: try AWSCredentials(environment: environment))
    }
}
