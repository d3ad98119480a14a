@testable import AWSCore
import MotoSupport
import Testing

/// S3's error documents and retries, against a scripted endpoint.
@Suite struct S3FailureTests {
    func client(_ endpoint: FakeEndpoint, attempts: Int = 4) throws -> S3Client {
        var configuration = try AWSServiceConfiguration(service: .s3, environment: [
            "AWS_ACCESS_KEY_ID": "testing-key-id", "AWS_SECRET_ACCESS_KEY": FakeCredentials.secret,
            "AWS_SESSION_TOKEN": FakeCredentials.sessionToken, "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_S3": endpoint.endpoint,
        ])
        configuration.retry = RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(2))
        return S3Client(configuration: configuration)
    }

    static func s3Error(_ status: Int, _ code: String, _ message: String = "scripted") -> FakeEndpoint.Answer {
        FakeEndpoint.Answer(status: status, body: "<?xml version=\"1.0\"?><Error><Code>\(code)</Code><Message>\(message)</Message></Error>")
    }

    let listing = """
        <?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><Prefix>p/</Prefix><IsTruncated>false</IsTruncated>\
        <Contents><Key>p/a &amp; b</Key><Size>3</Size></Contents><Contents><Key>p/c</Key><Size>40</Size></Contents></ListBucketResult>
        """

    @Test func slowDownAndServerErrorsAreRetried() throws {
        let endpoint = try FakeEndpoint([Self.s3Error(503, "SlowDown"), Self.s3Error(500, "InternalError"), .ok(listing)])
        defer { endpoint.stop() }
        #expect(try client(endpoint).listObjects(bucket: "b", prefix: "p/") == [S3Object(key: "p/a & b", size: 3), S3Object(key: "p/c", size: 40)])
        let received = endpoint.received
        #expect(received.count == 3)
        #expect(received.allSatisfy { $0.headers["x-amz-content-sha256"] != nil && $0.headers["authorization"]?.contains("/s3/aws4_request") == true })
    }

    @Test func errorsNameTheObjectAndS3sCodeWithoutSecrets() throws {
        let echo = "signature mismatch for x-amz-security-token:\(FakeCredentials.sessionToken) \(FakeCredentials.secret)"
        let endpoint = try FakeEndpoint([Self.s3Error(403, "SignatureDoesNotMatch", echo)])
        defer { endpoint.stop() }
        #expect { try client(endpoint).putObject(bucket: "b", key: "k/1", body: [1, 2, 3]) } throws: {
            guard let error = $0 as? AWSError else { return false }
            return error.code == "SignatureDoesNotMatch" && error.message.contains("s3://b/k/1")
                && !error.message.contains(FakeCredentials.secret) && !error.message.contains(FakeCredentials.sessionToken)
        }
        #expect(endpoint.received.count == 1, "a client error is not retried")
    }

    @Test func persistentThrottlingGivesUpSayingHowOften() throws {
        let endpoint = try FakeEndpoint([Self.s3Error(503, "SlowDown")])
        defer { endpoint.stop() }
        #expect { try client(endpoint, attempts: 3).listObjects(bucket: "b") } throws: {
            ($0 as? AWSError)?.code == "SlowDown" && ($0 as? AWSError)?.message.contains("after 3 attempts") == true
        }
        #expect(endpoint.received.count == 3)
    }
}
