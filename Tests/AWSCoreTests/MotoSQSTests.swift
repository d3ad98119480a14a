import AWSCore
import Foundation
import MotoSupport
import Testing

/// The SQS client against moto: send, receive, hide again, delete, depth, and a redrive policy.
@Suite struct MotoSQSTests {
    let server: MotoServer

    init() throws {
        server = try MotoServer.shared()
    }

    /// A new queue (with a dead-letter queue after `maxReceiveCount` receives when given); its URL,
    /// and the dead-letter queue's.
    func freshQueue(maxReceiveCount: Int? = nil) throws -> (queue: SQSClient, deadLetters: SQSClient?) {
        let urls = try server.freshQueue(maxReceiveCount: maxReceiveCount)
        let queue = try SQSClient(queueURL: urls.url, environment: server.environment)
        let deadLetters = try urls.deadLetters.map { try SQSClient(queueURL: $0, environment: server.environment) }
        return (queue, deadLetters)
    }

    @Test func sendReceiveHideDelete() throws {
        let queue = try freshQueue().queue
        let id = try queue.send(body: #"{"hello":"world"}"#)
        #expect(try queue.approximateDepth() == 1)
        let first = try queue.receive(maxMessages: 10, waitSeconds: 1, visibilityTimeout: 30)
        #expect(first.map(\.body) == [#"{"hello":"world"}"#])
        #expect(first.first?.messageID == id)
        #expect(first.first?.receiveCount == 1)
        #expect(try queue.receive(waitSeconds: 0).isEmpty, "hidden while its visibility timeout runs")

        let message = try #require(first.first)
        try queue.changeVisibility(receiptHandle: message.receiptHandle, seconds: 0)
        let again = try queue.receive(waitSeconds: 1)
        #expect(again.map(\.messageID) == [id])
        #expect(again.first?.receiveCount == 2)

        try queue.delete(receiptHandle: try #require(again.first).receiptHandle)
        #expect(try queue.receive(waitSeconds: 0).isEmpty)
        #expect(try queue.approximateDepth() == 0)
    }

    @Test func aMessageReceivedTooOftenGoesToTheDeadLetterQueue() throws {
        let (queue, deadLetters) = try freshQueue(maxReceiveCount: 2)
        let dlq = try #require(deadLetters)
        try queue.send(body: "poison")
        for expected in 1...2 {
            let received = try queue.receive(waitSeconds: 1)
            #expect(received.map(\.receiveCount) == [expected])
            try queue.changeVisibility(receiptHandle: try #require(received.first).receiptHandle, seconds: 0)
        }
        #expect(try queue.receive(waitSeconds: 0).isEmpty, "after two receives the message left the queue")
        #expect(try dlq.receive(waitSeconds: 1).map(\.body) == ["poison"])
    }

    /// A long poll waits on the server past what the request timeout alone would allow.
    @Test func aLongPollOnAnEmptyQueueWaitsAndReturnsNothing() throws {
        let url = try freshQueue().queue.queueURL
        var configuration = try SQSClient(queueURL: url, environment: server.environment).configuration
        configuration.requestTimeout = .seconds(1)
        let queue = SQSClient(queueURL: url, configuration: configuration)
        let started = ContinuousClock.now
        #expect(try queue.receive(waitSeconds: 2).isEmpty)
        #expect(ContinuousClock.now - started >= .milliseconds(1500))
    }

    @Test func aMissingQueueIsNamed() throws {
        let queue = try SQSClient(queueURL: "\(server.endpoint)/123456789012/no-such-queue", environment: server.environment)
        #expect { try queue.send(body: "x") } throws: {
            let error = $0 as? AWSError
            return error?.message.contains("no-such-queue") == true && error?.code.isEmpty == false
                && error?.message.contains(FakeCredentials.secret) == false
        }
    }
}
