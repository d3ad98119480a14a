import AsyncHTTPClient
import Foundation
import NIOCore

/// Sends signed requests to one service and waits for the answers: signs, sends with a
/// deadline, retries what `RetryPolicy` allows, and turns every failure into an `AWSError` with
/// the service's code and no credential in it.
///
/// Blocking by design: its callers (the cache store, the input reader, a queue consumer) are
/// plain threads, never an event loop, so the calling thread waits on the request's future.
package struct AWSHTTPSender: Sendable {
    package let endpoint: AWSEndpoint
    package let credentials: AWSCredentials
    package let requestTimeout: Duration
    package let retry: RetryPolicy
    private let signer: SigV4Signer
    private let parseError: AWSErrorParser

    /// One client for the process: connections to an endpoint are pooled and reused by every
    /// client and thread. It lives as long as the process, so it is never shut down.
    private static let http = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(
            // A redirect would send the signed headers, session token included, to another host.
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(3))
        )
    )

    package init(service: String, endpoint: AWSEndpoint, region: String, credentials: AWSCredentials,
                 requestTimeout: Duration, retry: RetryPolicy, parseError: @escaping AWSErrorParser) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.parseError = parseError
        signer = SigV4Signer(credentials: credentials, region: region, service: service)
    }

    package init(_ configuration: AWSServiceConfiguration, parseError: @escaping AWSErrorParser) {
        self.init(service: configuration.service.signingName, endpoint: configuration.endpoint,
                  region: configuration.region, credentials: configuration.credentials,
                  requestTimeout: configuration.requestTimeout, retry: configuration.retry, parseError: parseError)
    }

    /// Sends `request` until it succeeds or may not be tried again. The error's message says how
    /// often it was tried, and why not again when a safe request would have been.
    package func send(_ request: AWSRequest) throws(AWSError) -> AWSResponse {
        var attempt = 0
        while true {
            do throws(AWSFailure) {
                return try exchange(request)
            } catch {
                attempt += 1
                guard attempt < retry.maxAttempts, retry.shouldRetry(error, idempotent: request.idempotent) else {
                    var tries = attempt > 1 ? " (after \(attempt) attempts)" : ""
                    if let why = retry.unsafeToRetry(error, idempotent: request.idempotent) { tries += " (\(why))" }
                    throw AWSError(code: credentials.redacting(error.code), message: credentials.redacting(error.message + tries))
                }
                sleepBlocking(retry.delay(afterAttempt: attempt - 1))
            }
        }
    }

    /// One HTTP round trip: the response on 2xx, else the failure.
    private func exchange(_ request: AWSRequest) throws(AWSFailure) -> AWSResponse {
        let target = request.host.map(endpoint.onHost) ?? endpoint
        let query = SigV4Signer.canonicalQuery(request.query)
        var headers: [SigV4Signer.Header] = [("host", target.hostHeader)] + request.headers
        // Signed with the wall clock, never a cache's (possibly manual) clock: AWS refuses
        // signatures more than five minutes off.
        let now = Int64(Date().timeIntervalSince1970)
        headers += signer.signingHeaders(method: request.method, path: request.path, query: query,
                                         headers: headers, body: request.body, time: now)

        let response: HTTPClient.Response
        do {
            let url = "\(target)\(request.path)" + (query.isEmpty ? "" : "?\(query)")
            var http = try HTTPClient.Request(url: url, method: .init(rawValue: request.method),
                                              body: request.body.isEmpty && request.method != "PUT" ? nil : .bytes(request.body))
            for header in headers { http.headers.add(name: header.name, value: header.value) }
            let deadline = NIODeadline.now() + .nanoseconds((requestTimeout + request.serverWait).nanosecondCount)
            response = try Self.http.execute(request: http, deadline: deadline).wait()
        } catch {
            throw Self.failure(for: error)
        }

        let body = response.body.map { Array($0.readableBytesView) } ?? []
        let status = Int(response.status.code)
        if (200..<300).contains(status) {
            return AWSResponse(status: status, headers: response.headers.map { ($0.name.lowercased(), $0.value) }, body: body)
        }
        if (300..<400).contains(status) {
            let target = response.headers.first(name: "location").map { " to \($0)" } ?? ""
            let said = parseError(status, body)
            throw .service(status: status, code: said.code ?? "HTTP\(status)",
                           message: "the endpoint answered with a redirect\(target)\(said.message.map { " (\($0))" } ?? ""), which is refused: signed requests are sent only to the configured endpoint")
        }
        let said = parseError(status, body)
        let code = said.code ?? (status >= 500 ? "InternalServerError" : "HTTP\(status)")
        throw .service(status: status, code: code, message: said.message ?? "HTTP status \(status)")
    }

    /// Classifies a transport error by whether the request may have reached the server.
    /// The text is the error's own, which holds no header and so no credential.
    private static func failure(for error: any Error) -> AWSFailure {
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

/// The errors of the JSON protocols (DynamoDB, SQS): `{"__type": "…#Code", "message": "…"}`.
package enum AWSJSONError {
    private struct Body: Decodable {
        var __type: String?
        var message: String?
        var Message: String?
    }

    /// The bare code (what follows the last `#` of `__type`) and the message.
    package static func parse(_ status: Int, _ body: [UInt8]) -> (code: String?, message: String?) {
        guard let parsed = try? JSONDecoder().decode(Body.self, from: Data(body)) else { return (nil, nil) }
        let code = parsed.__type?.split(separator: "#").last.map(String.init)
        return (code?.isEmpty == false ? code : nil, parsed.message ?? parsed.Message)
    }
}
