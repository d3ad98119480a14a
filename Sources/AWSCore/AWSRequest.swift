/// One request to an AWS service, before it is signed.
package struct AWSRequest: Sendable {
    package var method: String
    /// The URI-encoded path, as sent and signed.
    package var path: String
    /// Query parameters, not yet encoded.
    package var query: [(name: String, value: String)]
    /// Headers to send and sign besides `host` and the signer's own.
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]
    /// Whether sending it twice has the effect of sending it once, so that it may be repeated
    /// after a 5xx or a lost answer.
    package var idempotent: Bool
    /// Another host on the same endpoint (S3's virtual-hosted `bucket.s3.region.amazonaws.com`).
    package var host: String?
    /// Time the server may take on purpose (a long poll's wait), added to the request timeout.
    package var serverWait: Duration

    package init(method: String, path: String = "/", query: [(name: String, value: String)] = [],
                 headers: [(name: String, value: String)] = [], body: [UInt8] = [], idempotent: Bool,
                 host: String? = nil, serverWait: Duration = .zero) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.idempotent = idempotent
        self.host = host
        self.serverWait = serverWait
    }
}

/// A successful (2xx) answer.
package struct AWSResponse: Sendable {
    package var status: Int
    /// Names lower-cased.
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    /// The first header called `name` (lower-case).
    package func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }
}

/// How a service spells its errors: the code and message of a non-2xx answer's body, either
/// nil when the body does not say (the sender then falls back on the HTTP status).
package typealias AWSErrorParser = @Sendable (_ status: Int, _ body: [UInt8]) -> (code: String?, message: String?)
