import Crypto

/// AWS Signature Version 4: proves to the service who sends a request and that nobody altered it.
///
/// The steps, in the order AWS documents them: a canonical request (method, path, query, the
/// signed headers, the payload's SHA-256), a string to sign (algorithm, time, scope, the canonical
/// request's hash), a signing key derived by HMAC-SHA256 from the secret through date, region,
/// service and "aws4_request", and finally the signature, the HMAC of the string to sign.
public struct SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    public let service: String

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// One header as sent; names are compared without regard to case.
    public typealias Header = (name: String, value: String)

    /// The headers to add to a request so that it is signed: `x-amz-date`, the session token when
    /// there is one, S3's `x-amz-content-sha256`, and `authorization`. `headers` must include
    /// `host` and every other header that is to be signed; `path` is the URI-encoded path as sent,
    /// `query` the canonical query (`canonicalQuery`); `time` is epoch seconds.
    public func signingHeaders(method: String, path: String, query: String = "", headers: [Header], body: [UInt8], time: Int64) -> [Header] {
        let amzDate = Self.amzDate(epochSeconds: time)
        let payloadHash = Self.hex(SHA256.hash(data: body))
        var added: [Header] = [("x-amz-date", amzDate)]
        if let token = credentials.sessionToken { added.append(("x-amz-security-token", token)) }
        // S3 refuses a request without it (and signs it, so that the body cannot be swapped).
        if service == "s3" { added.append(("x-amz-content-sha256", payloadHash)) }

        let canonical = Self.canonicalHeaders(headers + added)
        let request = [
            method, path, query,
            canonical.map { "\($0.name):\($0.value)\n" }.joined(),
            canonical.map(\.name).joined(separator: ";"),
            payloadHash,
        ].joined(separator: "\n")

        let date = String(amzDate.prefix(8))
        let scope = "\(date)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, Self.hex(SHA256.hash(data: Array(request.utf8)))]
            .joined(separator: "\n")
        let signature = HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey(date: date))

        added.append((
            "authorization",
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
                + "SignedHeaders=\(canonical.map(\.name).joined(separator: ";")), Signature=\(Self.hex(signature))"
        ))
        return added
    }

    /// The key for one day, region and service (`date` as `YYYYMMDD`).
    public func signingKey(date: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }

    /// Lower-cased names, values trimmed with inner runs of spaces collapsed, sorted by name,
    /// repeated names joined by commas: the form SigV4 hashes.
    static func canonicalHeaders(_ headers: [Header]) -> [Header] {
        var merged: [String: [String]] = [:]
        for header in headers {
            let value = header.value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            merged[header.name.lowercased(), default: []].append(value)
        }
        return merged.keys.sorted().map { name in (name, merged[name, default: []].joined(separator: ",")) }
    }

    /// `text` percent-encoded as SigV4 wants: every byte but the unreserved `A-Z a-z 0-9 - . _ ~`
    /// as `%XX` (upper-case hex), and `/` too unless `keepingSlashes` (an S3 key in a path).
    public static func uriEncode(_ text: String, keepingSlashes: Bool = false) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepingSlashes:
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical query string: names and values encoded, sorted by name (then value), joined
    /// with `&`. The same text is sent, so that what is signed is what the service reads.
    public static func canonicalQuery(_ parameters: [(name: String, value: String)]) -> String {
        parameters.map { (uriEncode($0.name), uriEncode($0.value)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// `YYYYMMDDTHHMMSSZ` in UTC, computed from the epoch without a calendar library.
    static func amzDate(epochSeconds: Int64) -> String {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secondOfDay = epochSeconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)\(two(month))\(two(day))T\(two(secondOfDay / 3600))\(two(secondOfDay / 60 % 60))\(two(secondOfDay % 60))Z"
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (Hinnant's days-to-civil).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Lower-case hex of `bytes`, as SigV4 writes hashes and signatures (and the DynamoDB store
    /// its tally markers' keys).
    package static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
