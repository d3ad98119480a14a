#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSCore
import CacheCore

/// Everything a `DynamoDBStore` needs to reach its table: where, as whom, and how patiently.
///
/// Built from explicit parameters (the cache URL's `endpoint`, `region`, `consistent`) and the
/// standard AWS environment variables; an explicit parameter always wins over the environment.
public struct DynamoDBConfiguration: Sendable {
    public var table: String
    public var endpoint: DynamoDBEndpoint
    public var region: String
    public var credentials: AWSCredentials
    /// Reads with `ConsistentRead` (the cache URL's `consistent=true`).
    public var consistentReads: Bool
    /// The longest one HTTP request may take, connection included.
    public var requestTimeout: Duration
    public var retry: RetryPolicy

    public init(
        table: String,
        endpoint: DynamoDBEndpoint,
        region: String,
        credentials: AWSCredentials,
        consistentReads: Bool = false,
        requestTimeout: Duration = .seconds(5),
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.table = table
        self.endpoint = endpoint
        self.region = region
        self.credentials = credentials
        self.consistentReads = consistentReads
        self.requestTimeout = requestTimeout
        self.retry = retry
    }

    /// Resolves a configuration the way the AWS SDKs do.
    ///
    /// - region: `region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`; there is no silent default,
    ///   because signing for the wrong region reaches the wrong table.
    /// - endpoint: `endpoint`, else `AWS_ENDPOINT_URL_DYNAMODB`, else `AWS_ENDPOINT_URL`, else the
    ///   region's public endpoint.
    /// - credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
    public init(
        table: String,
        endpoint: String? = nil,
        region: String? = nil,
        consistent: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CacheError) {
        guard !table.isEmpty else {
            throw .store(code: "InvalidConfiguration", message: "the DynamoDB table name is empty")
        }
        guard let region = AWSEnvironment.region(region, environment: environment) else {
            throw .store(
                code: "MissingRegion",
                message: "no AWS region: add ?region=R to the cache URL or set AWS_REGION"
            )
        }
        do throws(AWSError) {
            let custom = try AWSEnvironment.customEndpoint(for: .dynamodb, endpoint, environment: environment)
            self.init(
                table: table,
                endpoint: DynamoDBEndpoint(custom ?? AWSService.dynamodb.publicEndpoint(region: region)),
                region: region,
                credentials: try AWSCredentials(environment: environment),
                consistentReads: consistent
            )
        } catch {
            throw .store(code: error.code, message: error.message)
        }
    }
}

/// Where requests go: `scheme://host[:port]`. DynamoDB's JSON protocol always posts to `/`.
/// (AWSCore's `AWSEndpoint`, with the cache's error type.)
public struct DynamoDBEndpoint: Sendable, Equatable, CustomStringConvertible {
    var aws: AWSEndpoint

    public var scheme: String { get { aws.scheme } set { aws.scheme = newValue } }
    public var host: String { get { aws.host } set { aws.host = newValue } }
    public var port: Int? { get { aws.port } set { aws.port = newValue } }

    public init(scheme: String, host: String, port: Int?) {
        aws = AWSEndpoint(scheme: scheme, host: host, port: port)
    }

    init(_ endpoint: AWSEndpoint) {
        aws = endpoint
    }

    /// Parses `http://127.0.0.1:8000` or `https://dynamodb.eu-west-1.amazonaws.com` (a trailing
    /// `/` is allowed; any other path is refused since DynamoDB has none).
    public init(parsing text: String) throws(CacheError) {
        do throws(AWSError) {
            self.init(try AWSEndpoint(parsing: text))
        } catch {
            throw .store(code: error.code, message: error.message)
        }
    }

    /// The `Host` header, which SigV4 signs: the port appears only when it is not the default.
    var hostHeader: String { aws.hostHeader }

    public var description: String { aws.description }
}
