import AWSCore
import CacheCore
import Foundation

/// Sends one DynamoDB operation and waits for its answer: encodes the body, and hands it to
/// AWSCore's sender (signing, deadline, retries), turning every failure into
/// `CacheError.store(code:message:)` with DynamoDB's error code.
///
/// Blocking by design: `CacheStore` is synchronous and its callers are plain threads (never an
/// event loop), so the calling thread waits on the request's future.
struct DynamoDBClient: Sendable {
    let configuration: DynamoDBConfiguration
    private let sender: AWSHTTPSender

    init(configuration: DynamoDBConfiguration) {
        self.configuration = configuration
        sender = AWSHTTPSender(
            service: AWSService.dynamodb.signingName, endpoint: configuration.endpoint.aws, region: configuration.region,
            credentials: configuration.credentials, requestTimeout: configuration.requestTimeout,
            retry: configuration.retry, parseError: AWSJSONError.parse
        )
    }

    /// Runs `operation` with `input` and decodes its answer as `Output`.
    func send<Output: Decodable>(_ operation: Operation, _ input: some Encodable, as _: Output.Type = Output.self) throws(CacheError) -> Output {
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(input))
        } catch {
            throw .store(code: "SerializationException", message: "cannot encode the \(operation.rawValue) request: \(error)")
        }
        let request = AWSRequest(
            method: "POST",
            headers: [
                ("content-type", "application/x-amz-json-1.0"),
                ("x-amz-target", "DynamoDB_20120810.\(operation.rawValue)"),
            ],
            body: body, idempotent: operation.isIdempotent
        )
        let answer: AWSResponse
        do {
            answer = try sender.send(request)
        } catch {
            throw .store(code: error.code, message: "\(operation.rawValue) on table '\(configuration.table)': \(error.message)")
        }
        do {
            return try JSONDecoder().decode(Output.self, from: Data(answer.body))
        } catch {
            throw .store(code: "SerializationException", message: "unreadable \(operation.rawValue) response: \(error)")
        }
    }
}
