import AsyncHTTPClient
import CacheCore
import Foundation
import NIOCore

/// Sends one DynamoDB operation and waits for its answer: encodes the body, signs, posts it with a
/// deadline, retries what `RetryPolicy` allows, and turns every failure into
/// `CacheError.store(code:message:)` with DynamoDB's error code.
///
/// Blocking by design: `CacheStore` is synchronous and its callers are plain threads (never an
/// event loop), so the calling thread waits on the request's future.
struct DynamoDBClient: Sendable {
    let configuration: DynamoDBConfiguration
    private let signer: SigV4Signer

    /// One client for the process: connections to an endpoint are pooled and reused by every
    /// store and thread. It lives as long as the process, so it is never shut down.
    private static let http = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(
            // A redirect would send the signed headers, session token included, to another host.
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(3))
        )
    )

    init(configuration: DynamoDBConfiguration) {
        self.configuration = configuration
        signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "dynamodb")
    }

    /// Runs `operation` with `input` and decodes its answer as `Output`.
    func send<Output: Decodable>(_ operation: Operation, _ input: some Encodable, as _: Output.Type = Output.self) throws(CacheError) -> Output {
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(input))
        } catch {
            throw .store(code: "SerializationException", message: "cannot encode the \(operation.rawValue) request: \(error)")
        }
        let policy = configuration.retry
        var attempt = 0
        let answer: [UInt8]
        while true {
            do throws(DynamoDBFailure) {
                answer = try exchange(operation, body: body)
                break
            } catch {
                attempt += 1
                guard attempt < policy.maxAttempts, policy.shouldRetry(error, idempotent: operation.isIdempotent) else {
                    var tries = attempt > 1 ? " (after \(attempt) attempts)" : ""
                    if let why = policy.unsafeToRetry(error, idempotent: operation.isIdempotent) { tries += " (\(why))" }
                    let message = "\(operation.rawValue) on table '\(configuration.table)': \(error.message)\(tries)"
                    throw .store(code: redacted(error.code), message: redacted(message))
                }
                sleepBlocking(policy.delay(afterAttempt: attempt - 1))
            }
        }
        do {
            return try JSONDecoder().decode(Output.self, from: Data(answer))
        } catch {
            throw .store(code: "SerializationException", message: "unreadable \(operation.rawValue) response: \(error)")
        }
    }

    /// One HTTP round trip: the response body on 200, else the failure.
    private func exchange(_ operation: Operation, body: [UInt8]) throws(DynamoDBFailure) -> [UInt8] {
        let endpoint = configuration.endpoint
        var headers: [SigV4Signer.Header] = [
            ("host", endpoint.hostHeader),
            ("content-type", "application/x-amz-json-1.0"),
            ("x-amz-target", "DynamoDB_20120810.\(operation.rawValue)"),
        ]
        // Signed with the wall clock, never the cache's (possibly manual) clock: AWS refuses
        // signatures more than five minutes off.
        let now = Int64(Date().timeIntervalSince1970)
        headers += signer.signingHeaders(method: "POST", path: "/", headers: headers, body: body, time: now)

        let response: HTTPClient.Response
        do {
            var request = try HTTPClient.Request(url: "\(endpoint)/", method: .POST, body: .bytes(body))
            for header in headers { request.headers.add(name: header.name, value: header.value) }
            let deadline = NIODeadline.now() + .nanoseconds(configuration.requestTimeout.nanosecondCount)
            response = try Self.http.execute(request: request, deadline: deadline).wait()
        } catch {
            throw Self.failure(for: error)
        }

        let bytes = response.body.map { Array($0.readableBytesView) } ?? []
        let status = Int(response.status.code)
        guard status != 200 else { return bytes }
        if (300..<400).contains(status) {
            let target = response.headers.first(name: "location").map { " to \($0)" } ?? ""
            throw .service(status: status, code: "HTTP\(status)",
                           message: "the endpoint answered with a redirect\(target), which is refused: signed requests are sent only to the configured endpoint")
        }
        let parsed = try? JSONDecoder().decode(ErrorOutput.self, from: Data(bytes))
        let code = parsed?.code ?? (status >= 500 ? "InternalServerError" : "HTTP\(status)")
        let message = parsed?.message ?? parsed?.Message ?? "HTTP status \(status)"
        throw .service(status: status, code: code, message: message)
    }

    /// `text` with every credential replaced. Server messages are not trusted to leave them
    /// out: AWS's signature-mismatch message quotes the canonical request, session token included.
    private func redacted(_ text: String) -> String {
        let credentials = configuration.credentials
        var text = text
        for secret in [credentials.secretAccessKey, credentials.sessionToken, credentials.accessKeyID] {
            // Real credentials are long (an access key ID has 20 characters); replacing a short
            // test value such as "a" would only garble the message.
            guard let secret, secret.count >= 8 else { continue }
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return text
    }

    /// Classifies a transport error by whether the request may have reached the server.
    /// The text is the error's own, which holds no header and so no credential.
    private static func failure(for error: any Error) -> DynamoDBFailure {
        if let error = error as? HTTPClientError {
            if error == .connectTimeout {
                return .notSent(code: "ConnectTimeout", message: "could not connect in time")
            }
            if error == .deadlineExceeded || error == .readTimeout {
                return .noAnswer(code: "RequestTimeout", message: "no answer before the request timeout")
            }
            return .noAnswer(code: "ConnectionError", message: "\(error)")
        }
        if let error = error as? IOError, error.errnoCode == ECONNREFUSED {
            return .notSent(code: "ConnectionRefused", message: "the endpoint refused the connection")
        }
        return .noAnswer(code: "ConnectionError", message: "\(error)")
    }
}
