#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An object as a listing shows it.
public struct S3Object: Sendable, Equatable {
    public var key: String
    public var size: Int64

    public init(key: String, size: Int64) {
        self.key = key
        self.size = size
    }
}

/// What HEAD says about an object.
public struct S3ObjectInfo: Sendable, Equatable {
    public var size: Int64
    public var etag: String?
}

/// S3's object operations the host needs, blocking (see `AWSHTTPSender`).
///
/// Against a custom endpoint (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`) requests are
/// path-style (`/bucket/key`), as emulators expect; against AWS they are virtual-hosted
/// (`bucket.s3.region.amazonaws.com/key`), or path-style for bucket names with a dot, which
/// the virtual host's TLS certificate does not cover.
public struct S3Client: Sendable {
    public let configuration: AWSServiceConfiguration
    let sender: AWSHTTPSender

    public init(configuration: AWSServiceConfiguration) {
        self.configuration = configuration
        sender = AWSHTTPSender(configuration, parseError: S3XML.parseError)
    }

    /// A client configured from the standard variables (`AWSServiceConfiguration`).
    public init(region: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws(AWSError) {
        self.init(configuration: try AWSServiceConfiguration(service: .s3, region: region, environment: environment))
    }

    /// Every object whose key starts with `prefix`, in key order (ListObjectsV2, page after page).
    public func listObjects(bucket: String, prefix: String = "") throws(AWSError) -> [S3Object] {
        var objects: [S3Object] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", prefix)]
            if let token { query.append(("continuation-token", token)) }
            let response = try send(request(bucket: bucket, key: nil, method: "GET", query: query),
                                    "listing s3://\(bucket)/\(prefix)")
            guard let document = S3XML.parse(response.body) else {
                throw AWSError(code: "SerializationException", message: "listing s3://\(bucket)/\(prefix): the answer is not XML")
            }
            var key: String?
            for element in document.elements {
                switch element.path {
                case "ListBucketResult/Contents/Key": key = element.text
                case "ListBucketResult/Contents/Size": if let key { objects.append(S3Object(key: key, size: Int64(element.text) ?? 0)) }
                default: break
                }
            }
            let truncated = document.first("ListBucketResult/IsTruncated") == "true"
            token = truncated ? document.first("ListBucketResult/NextContinuationToken") : nil
        } while token != nil
        // S3 lists in UTF-8 binary order already; sorting makes that a promise, whatever the server.
        return objects.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
    }

    public func headObject(bucket: String, key: String) throws(AWSError) -> S3ObjectInfo {
        let response = try send(request(bucket: bucket, key: key, method: "HEAD"), "s3://\(bucket)/\(key)")
        return S3ObjectInfo(size: response.header("content-length").flatMap { Int64($0) } ?? 0, etag: response.header("etag"))
    }

    /// A reader that streams the object in ranges of `rangeSize` bytes.
    public func getObject(bucket: String, key: String, rangeSize: Int = 8 << 20) throws(AWSError) -> S3ObjectReader {
        S3ObjectReader(client: self, bucket: bucket, key: key, info: try headObject(bucket: bucket, key: key), rangeSize: rangeSize)
    }

    /// Writes (or replaces) the object.
    public func putObject(bucket: String, key: String, body: [UInt8], contentType: String = "application/octet-stream") throws(AWSError) {
        _ = try send(request(bucket: bucket, key: key, method: "PUT", headers: [("content-type", contentType)], body: body),
                     "writing s3://\(bucket)/\(key)")
    }

    /// Bytes `range` of the object, with the ETag they came with.
    func getRange(bucket: String, key: String, _ range: ClosedRange<Int64>) throws(AWSError) -> AWSResponse {
        try send(request(bucket: bucket, key: key, method: "GET",
                         headers: [("range", "bytes=\(range.lowerBound)-\(range.upperBound)")]), "reading s3://\(bucket)/\(key)")
    }

    private func send(_ request: AWSRequest, _ context: String) throws(AWSError) -> AWSResponse {
        do {
            return try sender.send(request)
        } catch {
            throw error.during(context)
        }
    }

    /// The request for `key` in `bucket` (the bucket itself when `key` is nil), path-style or
    /// virtual-hosted as the type's comment says. Every S3 operation used here is idempotent.
    private func request(bucket: String, key: String?, method: String, query: [(name: String, value: String)] = [],
                         headers: [(name: String, value: String)] = [], body: [UInt8] = []) -> AWSRequest {
        let encodedKey = key.map { SigV4Signer.uriEncode($0, keepingSlashes: true) }
        let pathStyle = configuration.isCustomEndpoint || bucket.contains(".")
        let path = pathStyle
            ? "/\(SigV4Signer.uriEncode(bucket))" + (encodedKey.map { "/\($0)" } ?? "")
            : "/" + (encodedKey ?? "")
        return AWSRequest(method: method, path: path, query: query, headers: headers, body: body, idempotent: true,
                          host: pathStyle ? nil : "\(bucket).\(configuration.endpoint.host)")
    }
}

/// `s3://bucket/key`, or `s3://bucket/prefix/` (and `s3://bucket`) for every object under a prefix.
public struct S3Location: Sendable, Equatable, CustomStringConvertible {
    public var bucket: String
    /// The key, or the prefix (empty for the whole bucket).
    public var key: String

    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// nil when `url` does not start with `s3://` or names no bucket.
    public init?(url: String) {
        guard url.hasPrefix("s3://") else { return nil }
        let rest = url.dropFirst(5)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        guard slash > rest.startIndex else { return nil }
        bucket = String(rest[..<slash])
        key = slash == rest.endIndex ? "" : String(rest[rest.index(after: slash)...])
    }

    /// Whether it names a prefix (ends with `/`, or is the whole bucket) rather than one object.
    public var isPrefix: Bool { key.isEmpty || key.hasSuffix("/") }

    public var description: String { "s3://\(bucket)/\(key)" }
}
