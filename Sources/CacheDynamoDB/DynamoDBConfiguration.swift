#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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
        guard let region = region.nonEmpty ?? environment["AWS_REGION"].nonEmpty
            ?? environment["AWS_DEFAULT_REGION"].nonEmpty
        else {
            throw .store(
                code: "MissingRegion",
                message: "no AWS region: add ?region=R to the cache URL or set AWS_REGION"
            )
        }
        let endpointText = endpoint.nonEmpty ?? environment["AWS_ENDPOINT_URL_DYNAMODB"].nonEmpty
            ?? environment["AWS_ENDPOINT_URL"].nonEmpty
        self.init(
            table: table,
            endpoint: try endpointText.map { text throws(CacheError) in try DynamoDBEndpoint(parsing: text) }
                ?? DynamoDBEndpoint(scheme: "https", host: "dynamodb.\(region).amazonaws.com", port: nil),
            region: region,
            credentials: try AWSCredentials(environment: environment),
            consistentReads: consistent
        )
    }
}

/// Where requests go: `scheme://host[:port]`. DynamoDB's JSON protocol always posts to `/`.
public struct DynamoDBEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var scheme: String
    public var host: String
    public var port: Int?

    public init(scheme: String, host: String, port: Int?) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses `http://127.0.0.1:8000` or `https://dynamodb.eu-west-1.amazonaws.com` (a trailing
    /// `/` is allowed; any other path is refused since DynamoDB has none).
    public init(parsing text: String) throws(CacheError) {
        let invalid = CacheError.store(
            code: "InvalidEndpoint",
            message: "endpoint '\(text)' is not of the form http(s)://HOST[:PORT]"
        )
        guard let schemeEnd = text.range(of: "://") else { throw invalid }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw invalid }
        var authority = text[schemeEnd.upperBound...]
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !authority.isEmpty, !authority.contains("/"), !authority.contains("@") else { throw invalid }

        // The port follows the last colon, unless that colon is inside an IPv6 literal "[...]".
        var host = authority
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else {
                throw invalid
            }
            host = authority[..<colon]
            port = number
        }
        guard !host.isEmpty else { throw invalid }
        self.init(scheme: scheme, host: String(host), port: port)
    }

    /// The `Host` header, which SigV4 signs: the port appears only when it is not the default.
    var hostHeader: String {
        guard let port, port != (scheme == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }

    public var description: String { "\(scheme)://\(hostHeader)" }
}
