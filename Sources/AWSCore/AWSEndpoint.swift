/// Where requests go: `scheme://host[:port]`.
public struct AWSEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var scheme: String
    public var host: String
    public var port: Int?

    public init(scheme: String, host: String, port: Int?) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses `http://127.0.0.1:8000` or `https://s3.eu-west-1.amazonaws.com` (a trailing `/`
    /// is allowed; any other path is refused: requests choose their own paths).
    public init(parsing text: String) throws(AWSError) {
        let invalid = AWSError(code: "InvalidEndpoint", message: "endpoint '\(text)' is not of the form http(s)://HOST[:PORT]")
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
    public var hostHeader: String {
        guard let port, port != (scheme == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }

    public var description: String { "\(scheme)://\(hostHeader)" }

    /// The same endpoint on another host (S3's virtual-hosted `bucket.s3.region.amazonaws.com`).
    package func onHost(_ host: String) -> AWSEndpoint {
        AWSEndpoint(scheme: scheme, host: host, port: port)
    }
}

/// The services the host talks to, with what differs between them.
public enum AWSService: String, Sendable, CaseIterable {
    case s3
    case sqs
    case dynamodb

    /// The name SigV4 signs with, which is also the first label of the public endpoint.
    public var signingName: String { rawValue }

    /// The variable that sets this service's endpoint alone: `AWS_ENDPOINT_URL_S3`.
    public var endpointVariable: String { "AWS_ENDPOINT_URL_\(rawValue.uppercased())" }

    /// AWS's own endpoint in `region`.
    public func publicEndpoint(region: String) -> AWSEndpoint {
        AWSEndpoint(scheme: "https", host: "\(rawValue).\(region).amazonaws.com", port: nil)
    }
}

/// The standard way to find a region and an endpoint, as the AWS SDKs read them.
public enum AWSEnvironment {
    /// `explicit`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`; nil when none is set (there is
    /// no silent default: signing for the wrong region reaches the wrong resource).
    public static func region(_ explicit: String? = nil, environment: [String: String]) -> String? {
        explicit.nonEmpty ?? environment["AWS_REGION"].nonEmpty ?? environment["AWS_DEFAULT_REGION"].nonEmpty
    }

    /// The endpoint given for `service`: `explicit`, else `AWS_ENDPOINT_URL_<SERVICE>`, else
    /// `AWS_ENDPOINT_URL`; nil when none is set (AWS's own endpoint applies).
    public static func customEndpoint(for service: AWSService, _ explicit: String? = nil,
                                      environment: [String: String]) throws(AWSError) -> AWSEndpoint? {
        guard let text = explicit.nonEmpty ?? environment[service.endpointVariable].nonEmpty
            ?? environment["AWS_ENDPOINT_URL"].nonEmpty
        else { return nil }
        return try AWSEndpoint(parsing: text)
    }
}
