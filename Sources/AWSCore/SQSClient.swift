#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A message as received: what it takes to process, delete or hide it again.
public struct SQSMessage: Sendable, Equatable {
    public var messageID: String
    public var receiptHandle: String
    public var body: String
    /// How often it was received, this time included (`ApproximateReceiveCount`).
    public var receiveCount: Int

    public init(messageID: String, receiptHandle: String, body: String, receiveCount: Int) {
        self.messageID = messageID
        self.receiptHandle = receiptHandle
        self.body = body
        self.receiveCount = receiveCount
    }
}

/// One SQS queue, over the AWS JSON 1.0 protocol (`X-Amz-Target: AmazonSQS.<Op>`), blocking.
///
/// Requests go to the SQS endpoint configured (`AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL`), else
/// to the queue URL's own host, which is the regional endpoint. The region is the configured
/// one, else the one the queue URL names (`sqs.REGION.amazonaws.com`).
public struct SQSClient: Sendable {
    public let queueURL: String
    public let configuration: AWSServiceConfiguration
    private let sender: AWSHTTPSender

    public init(queueURL: String, configuration: AWSServiceConfiguration) {
        self.queueURL = queueURL
        self.configuration = configuration
        sender = AWSHTTPSender(configuration, parseError: AWSJSONError.parse)
    }

    public init(queueURL: String, region: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(AWSError) {
        let invalid = AWSError(code: "InvalidQueueURL", message: "queue URL '\(queueURL)' is not of the form http(s)://HOST[:PORT]/ACCOUNT/NAME")
        guard let schemeEnd = queueURL.range(of: "://"),
              let pathStart = queueURL[schemeEnd.upperBound...].firstIndex(of: "/"),
              queueURL[pathStart...].count > 1
        else { throw invalid }
        let queueHost = try AWSEndpoint(parsing: String(queueURL[..<pathStart]))
        let labels = queueHost.host.split(separator: ".")
        let named = labels.count == 4 && labels[0] == "sqs" ? String(labels[1]) : nil
        guard let region = AWSEnvironment.region(region, environment: environment) ?? named else {
            throw AWSError(code: "MissingRegion", message: "no AWS region: set AWS_REGION")
        }
        let custom = try AWSEnvironment.customEndpoint(for: .sqs, environment: environment)
        self.init(queueURL: queueURL, configuration: AWSServiceConfiguration(
            service: .sqs, region: region, endpoint: custom ?? queueHost, isCustomEndpoint: custom != nil,
            credentials: try AWSCredentials(environment: environment)
        ))
    }

    /// Up to `maxMessages` (1–10) messages, waiting up to `waitSeconds` (0–20) for the first;
    /// each hidden from other receivers for `visibilityTimeout` seconds (the queue's default when nil).
    public func receive(maxMessages: Int = 10, waitSeconds: Int = 20, visibilityTimeout: Int? = nil) throws(AWSError) -> [SQSMessage] {
        struct Input: Encodable {
            var QueueUrl: String
            var MaxNumberOfMessages: Int
            var WaitTimeSeconds: Int
            var VisibilityTimeout: Int?
            var AttributeNames = ["ApproximateReceiveCount"]
            var MessageSystemAttributeNames = ["ApproximateReceiveCount"]
        }
        struct Output: Decodable {
            struct Message: Decodable {
                var MessageId: String
                var ReceiptHandle: String
                var Body: String
                var Attributes: [String: String]?
            }
            var Messages: [Message]?
        }
        let input = Input(QueueUrl: queueURL, MaxNumberOfMessages: min(max(maxMessages, 1), 10),
                          WaitTimeSeconds: min(max(waitSeconds, 0), 20), VisibilityTimeout: visibilityTimeout)
        // Retried after a lost answer: messages received then come back after their timeout.
        let output = try call("ReceiveMessage", input, as: Output.self, idempotent: true, wait: .seconds(input.WaitTimeSeconds))
        return (output.Messages ?? []).map {
            SQSMessage(messageID: $0.MessageId, receiptHandle: $0.ReceiptHandle, body: $0.Body,
                       receiveCount: $0.Attributes?["ApproximateReceiveCount"].flatMap { Int($0) } ?? 1)
        }
    }

    public func delete(receiptHandle: String) throws(AWSError) {
        struct Input: Encodable { var QueueUrl: String; var ReceiptHandle: String }
        _ = try call("DeleteMessage", Input(QueueUrl: queueURL, ReceiptHandle: receiptHandle), as: Ignored.self, idempotent: true)
    }

    /// Hides the message for `seconds` more from now (0 makes it visible again at once).
    public func changeVisibility(receiptHandle: String, seconds: Int) throws(AWSError) {
        struct Input: Encodable { var QueueUrl: String; var ReceiptHandle: String; var VisibilityTimeout: Int }
        _ = try call("ChangeMessageVisibility", Input(QueueUrl: queueURL, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds),
                     as: Ignored.self, idempotent: true)
    }

    /// The messages waiting to be received (`ApproximateNumberOfMessages`); nil when SQS does not say.
    public func approximateDepth() throws(AWSError) -> Int? {
        struct Input: Encodable { var QueueUrl: String; var AttributeNames = ["ApproximateNumberOfMessages"] }
        struct Output: Decodable { var Attributes: [String: String]? }
        let output = try call("GetQueueAttributes", Input(QueueUrl: queueURL), as: Output.self, idempotent: true)
        return output.Attributes?["ApproximateNumberOfMessages"].flatMap { Int($0) }
    }

    /// Sends a message and returns its ID. Not repeated after a lost answer, which could send it twice.
    @discardableResult
    public func send(body: String) throws(AWSError) -> String {
        struct Input: Encodable { var QueueUrl: String; var MessageBody: String }
        struct Output: Decodable { var MessageId: String }
        return try call("SendMessage", Input(QueueUrl: queueURL, MessageBody: body), as: Output.self, idempotent: false).MessageId
    }

    private struct Ignored: Decodable {}

    private func call<Output: Decodable>(_ operation: String, _ input: some Encodable, as _: Output.Type,
                                         idempotent: Bool, wait: Duration = .zero) throws(AWSError) -> Output {
        let context = "\(operation) on \(queueURL)"
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(input))
        } catch {
            throw AWSError(code: "SerializationException", message: "\(context): cannot encode the request: \(error)")
        }
        let request = AWSRequest(
            method: "POST",
            headers: [("content-type", "application/x-amz-json-1.0"), ("x-amz-target", "AmazonSQS.\(operation)")],
            body: body, idempotent: idempotent, serverWait: wait
        )
        let response: AWSResponse
        do {
            response = try sender.send(request)
        } catch {
            throw error.during(context)
        }
        do {
            return try JSONDecoder().decode(Output.self, from: Data(response.body.isEmpty ? Array("{}".utf8) : response.body))
        } catch {
            throw AWSError(code: "SerializationException", message: "\(context): unreadable response: \(error)")
        }
    }
}
