@testable import AWSCore
import Testing

/// Where each service's requests go, and the region, as the AWS SDKs resolve them.
@Suite struct EndpointTests {
    let credentials = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secret-value-long"]

    func configuration(_ service: AWSService, _ variables: [String: String], endpoint: String? = nil) throws -> AWSServiceConfiguration {
        try AWSServiceConfiguration(service: service, endpoint: endpoint, environment: credentials.merging(variables) { $1 })
    }

    @Test(arguments: AWSService.allCases)
    func theServiceVariableWinsOverTheGeneralOne(_ service: AWSService) throws {
        let variables = ["AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:1000",
                         service.endpointVariable: "http://127.0.0.1:2000"]
        let resolved = try configuration(service, variables)
        #expect(resolved.endpoint.description == "http://127.0.0.1:2000")
        #expect(resolved.isCustomEndpoint)
        #expect(try configuration(service, variables, endpoint: "http://127.0.0.1:3000").endpoint.port == 3000)
    }

    @Test func theGeneralVariableServesEveryService() throws {
        let variables = ["AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:1000", "AWS_ENDPOINT_URL_SQS": "http://127.0.0.1:2000"]
        #expect(try configuration(.s3, variables).endpoint.port == 1000)
        #expect(try configuration(.dynamodb, variables).endpoint.port == 1000)
        #expect(try configuration(.sqs, variables).endpoint.port == 2000)
    }

    @Test(arguments: AWSService.allCases)
    func withoutVariablesAWSsOwnEndpoint(_ service: AWSService) throws {
        let resolved = try configuration(service, ["AWS_DEFAULT_REGION": "ap-south-1", "AWS_ENDPOINT_URL": ""])
        #expect(resolved.region == "ap-south-1")
        #expect(resolved.endpoint.description == "https://\(service.rawValue).ap-south-1.amazonaws.com")
        #expect(!resolved.isCustomEndpoint)
    }

    @Test func regionOrder() {
        #expect(AWSEnvironment.region("x-1", environment: ["AWS_REGION": "y-1"]) == "x-1")
        #expect(AWSEnvironment.region(environment: ["AWS_REGION": "y-1", "AWS_DEFAULT_REGION": "z-1"]) == "y-1")
        #expect(AWSEnvironment.region(environment: ["AWS_REGION": "", "AWS_DEFAULT_REGION": "z-1"]) == "z-1")
        #expect(AWSEnvironment.region(environment: [:]) == nil)
    }

    @Test func missingRegionAndCredentialsAreNamed() {
        #expect(throws: AWSError(code: "MissingRegion", message: "no AWS region: set AWS_REGION")) {
            try AWSServiceConfiguration(service: .s3, environment: credentials)
        }
        #expect { try AWSServiceConfiguration(service: .s3, environment: ["AWS_REGION": "eu-west-1"]) } throws: {
            ($0 as? AWSError)?.code == "MissingCredentials"
        }
    }

    @Test(arguments: ["127.0.0.1:8000", "ftp://host", "http://", "http://host:0", "http://host/path", "http://u:p@host"])
    func malformedEndpointsAreRefused(_ text: String) {
        #expect(throws: AWSError.self) { try AWSEndpoint(parsing: text) }
    }

    @Test func theQueueURLGivesTheEndpointAndRegionUnlessConfigured() throws {
        let url = "https://sqs.eu-central-1.amazonaws.com/123456789012/logs"
        let plain = try SQSClient(queueURL: url, environment: credentials)
        #expect(plain.configuration.region == "eu-central-1")
        #expect(plain.configuration.endpoint.description == "https://sqs.eu-central-1.amazonaws.com")
        let local = try SQSClient(queueURL: url, environment: credentials.merging(["AWS_ENDPOINT_URL_SQS": "http://127.0.0.1:4566", "AWS_REGION": "us-east-1"]) { $1 })
        #expect(local.configuration.endpoint.description == "http://127.0.0.1:4566")
        #expect(local.configuration.region == "us-east-1")
        #expect(throws: AWSError.self) { try SQSClient(queueURL: "not a url", environment: credentials) }
    }

    @Test func s3Locations() {
        #expect(S3Location(url: "s3://logs/2024/01/a.json.gz") == S3Location(bucket: "logs", key: "2024/01/a.json.gz"))
        #expect(S3Location(url: "s3://logs/2024/")?.isPrefix == true)
        #expect(S3Location(url: "s3://logs")?.isPrefix == true)
        #expect(S3Location(url: "s3://logs/a")?.isPrefix == false)
        #expect(S3Location(url: "s3:///key") == nil)
        #expect(S3Location(url: "/tmp/file") == nil)
    }

    @Test func uriEncodingAndCanonicalQuery() {
        #expect(SigV4Signer.uriEncode("a b/c+d~é", keepingSlashes: true) == "a%20b/c%2Bd~%C3%A9")
        #expect(SigV4Signer.uriEncode("a/b") == "a%2Fb")
        #expect(SigV4Signer.canonicalQuery([("prefix", "logs/x y"), ("list-type", "2"), ("continuation-token", "a=b")])
            == "continuation-token=a%3Db&list-type=2&prefix=logs%2Fx%20y")
    }

    @Test func s3RequestsSignTheirPayloadHash() {
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"),
                                 region: "us-east-1", service: "s3")
        let added = signer.signingHeaders(method: "GET", path: "/b/k", headers: [("host", "127.0.0.1")], body: [], time: 0)
        let hash = added.first { $0.name == "x-amz-content-sha256" }?.value
        #expect(hash == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(added.last?.value.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date") == true)
    }

    @Test func credentialsAreRedacted() {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE1", secretAccessKey: "very-secret-key", sessionToken: "session-token-x")
        #expect(credentials.redacting("a very-secret-key b session-token-x AKIDEXAMPLE1") == "a <redacted> b <redacted> <redacted>")
        #expect(!"\(credentials)".contains("very-secret-key"))
    }
}
