import AWSCore
import CacheCore
@testable import CacheDynamoDB
import MotoSupport
import Foundation
import Testing

/// Retries, timeouts and error reports, against a scripted endpoint and against moto.
@Suite struct FailureTests {
    let futureItem = #"{"Item":{"pk":{"S":"ns"},"sk1":{"S":"k"},"val":{"N":"5"},"ttl":{"N":"4102444800"}}}"#

    /// A store on a fake endpoint, retrying quickly.
    func store(on endpoint: FakeEndpoint, attempts: Int = 4, timeout: Duration = .seconds(5)) throws -> DynamoDBStore {
        var configuration = try DynamoDBConfiguration(
            table: "cache", endpoint: endpoint.endpoint, region: "us-east-1",
            environment: ["AWS_ACCESS_KEY_ID": "testing-key-id", "AWS_SECRET_ACCESS_KEY": FakeCredentials.secret,
                          "AWS_SESSION_TOKEN": FakeCredentials.sessionToken]
        )
        configuration.retry = RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(2))
        configuration.requestTimeout = timeout
        return DynamoDBStore(configuration: configuration)
    }

    func storeError(_ body: () throws -> Void) -> (code: String, message: String)? {
        do {
            try body()
        } catch let CacheError.store(code, message) {
            return (code, message)
        } catch {
            Issue.record("not a store error: \(error)")
        }
        return nil
    }

    @Test func throttlingIsRetried() throws {
        let endpoint = try FakeEndpoint([
            .error(400, "ThrottlingException", "Rate of requests exceeds the allowed throughput."),
            .error(400, "ThrottlingException"),
            .ok(futureItem),
        ])
        defer { endpoint.stop() }
        #expect(try store(on: endpoint).get(namespace: "ns", key: "k") == .counter(5))
        let received = endpoint.received
        #expect(received.count == 3)
        #expect(received.allSatisfy { $0.headers["x-amz-target"] == "DynamoDB_20120810.GetItem" })
        #expect(received.allSatisfy { $0.headers["content-type"] == "application/x-amz-json-1.0" })
        #expect(received.allSatisfy { $0.headers["authorization"]?.hasPrefix("AWS4-HMAC-SHA256 Credential=testing-key-id/") == true })
        #expect(received.first?.body.contains(#""TableName":"cache""#) == true)
    }

    @Test(arguments: ["ProvisionedThroughputExceededException", "RequestLimitExceeded"])
    func otherThrottlingCodesAreRetried(_ code: String) throws {
        let endpoint = try FakeEndpoint([.error(400, code), .ok(#"{"Attributes":{"val":{"N":"1"}}}"#)])
        defer { endpoint.stop() }
        #expect(try store(on: endpoint).increment(namespace: "ns", key: "k", by: 1, ttl: 60) == 1)
        #expect(endpoint.received.count == 2)
    }

    @Test func serverErrorsAreRetriedForReads() throws {
        let endpoint = try FakeEndpoint([
            .error(500, "InternalServerError"), Answer(status: 503, body: "<html>unavailable</html>"), .ok(futureItem),
        ])
        defer { endpoint.stop() }
        #expect(try store(on: endpoint).get(namespace: "ns", key: "k") == .counter(5))
        #expect(endpoint.received.count == 3)
    }

    /// A 5xx does not say whether the write was applied: an `ADD` sent again could count twice.
    /// Such a failure is reported, saying it was not retried and why.
    @Test(arguments: [500, 503])
    func serverErrorsAreNotRetriedForIncrements(_ status: Int) throws {
        let endpoint = try FakeEndpoint([.error(status, "InternalServerError"), .ok(#"{"Attributes":{"val":{"N":"1"}}}"#)])
        defer { endpoint.stop() }
        let error = storeError { _ = try store(on: endpoint).increment(namespace: "ns", key: "k", by: 1, ttl: 60) }
        #expect(error?.code == "InternalServerError")
        #expect(error?.message.contains("not retried") == true)
        #expect(endpoint.received.count == 1)
    }

    @Test func stringSetAddsAreNotRetriedAfterAServerError() throws {
        let endpoint = try FakeEndpoint([.error(500, "InternalServerError"), .ok(#"{"Attributes":{"val":{"SS":["a"]}}}"#)])
        defer { endpoint.stop() }
        let error = storeError { _ = try store(on: endpoint).addToStringSet(namespace: "ns", key: "k", members: ["a"], ttl: 60) }
        #expect(error?.message.contains("not retried") == true)
        #expect(endpoint.received.count == 1)
    }

    /// A redirect would carry the signed headers and the session token to another host.
    @Test func redirectsAreRefused() throws {
        let elsewhere = try FakeEndpoint([.ok(futureItem)])
        defer { elsewhere.stop() }
        let endpoint = try FakeEndpoint([Answer(status: 307, body: "", headers: ["Location": "\(elsewhere.endpoint)/"])])
        defer { endpoint.stop() }
        let error = storeError { _ = try store(on: endpoint, attempts: 1).get(namespace: "ns", key: "k") }
        #expect(error != nil)
        #expect(error?.message.contains("redirect") == true)
        #expect(elsewhere.received.isEmpty)
        #expect(error?.message.contains(FakeCredentials.sessionToken) == false)
    }

    @Test func validationErrorsAreNotRetried() throws {
        let endpoint = try FakeEndpoint([.error(400, "ValidationException", "One or more parameter values were invalid"), .ok(futureItem)])
        defer { endpoint.stop() }
        let error = storeError { _ = try store(on: endpoint).get(namespace: "ns", key: "k") }
        #expect(error?.code == "ValidationException")
        #expect(error?.message.contains("One or more parameter values were invalid") == true)
        #expect(endpoint.received.count == 1)
    }

    /// AWS's signature-mismatch message quotes the canonical request, which holds the session
    /// token; no credential may reach the error.
    @Test func credentialsEchoedByTheServerAreRedacted() throws {
        let echo = "The Canonical String for this request should have been 'x-amz-security-token:\(FakeCredentials.sessionToken)' "
            + "Credential=testing-key-id/20240101 secret \(FakeCredentials.secret)"
        let endpoint = try FakeEndpoint([.error(400, "InvalidSignatureException", echo)])
        defer { endpoint.stop() }
        let error = try #require(storeError { _ = try store(on: endpoint).get(namespace: "ns", key: "k") })
        #expect(error.code == "InvalidSignatureException")
        #expect(error.message.contains("<redacted>"))
        for credential in [FakeCredentials.secret, FakeCredentials.sessionToken, "testing-key-id"] {
            #expect(!error.message.contains(credential))
        }
    }

    @Test func persistentThrottlingGivesUpNamingTheCode() throws {
        let endpoint = try FakeEndpoint([.error(400, "ThrottlingException")])
        defer { endpoint.stop() }
        let error = storeError { _ = try store(on: endpoint, attempts: 3).get(namespace: "ns", key: "k") }
        #expect(error?.code == "ThrottlingException")
        #expect(error?.message.contains("after 3 attempts") == true)
        #expect(endpoint.received.count == 3)
    }

    /// A read that times out is sent again; an increment is not, because the lost one may
    /// have been applied and a second would count twice.
    @Test func timeoutsRetryReadsButNotIncrements() throws {
        let endpoint = try FakeEndpoint([.silence])
        defer { endpoint.stop() }
        let store = try store(on: endpoint, attempts: 2, timeout: .milliseconds(300))
        #expect(storeError { _ = try store.get(namespace: "ns", key: "k") }?.code == "RequestTimeout")
        #expect(endpoint.received.count == 2)
        #expect(storeError { _ = try store.increment(namespace: "ns", key: "k", by: 1, ttl: 60) }?.code == "RequestTimeout")
        #expect(endpoint.received.count == 3)
    }

    @Test func aRefusedConnectionIsAStoreError() throws {
        let store = try DynamoDBStore(
            table: "t", endpoint: "http://127.0.0.1:9", region: "us-east-1",
            environment: ["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": FakeCredentials.secret]
        )
        let error = storeError { _ = try store.get(namespace: "ns", key: "k") }
        #expect(error?.code == "ConnectionRefused" || error?.code == "ConnectTimeout")
        #expect(error?.message.contains(FakeCredentials.secret) == false)
    }

    @Test func aWrongTableNamesResourceNotFound() throws {
        let store = try MotoServer.shared().store(table: "no-such-table")
        for operation in [
            { _ = try store.get(namespace: "ns", key: "k") },
            { _ = try store.increment(namespace: "ns", key: "k", by: 1, ttl: 60) },
            { _ = try store.entries(namespace: "ns") },
        ] as [() throws -> Void] {
            let error = storeError(operation)
            #expect(error?.code == "ResourceNotFoundException")
            #expect(error?.message.contains("no-such-table") == true)
            let text = "\(CacheError.store(code: error?.code ?? "", message: error?.message ?? ""))"
            #expect(!text.contains(FakeCredentials.secret) && !text.contains(FakeCredentials.sessionToken))
        }
    }

    @Test func creatingAnExistingTableIsRefused() throws {
        let store = try MotoServer.shared().freshTable("twice")
        #expect(try store.tableStatus() == "ACTIVE")
        #expect(storeError { try store.createTable() }?.code == "ResourceInUseException")
    }
}

typealias Answer = FakeEndpoint.Answer
