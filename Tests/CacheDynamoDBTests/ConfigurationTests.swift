import CacheCore
@testable import CacheDynamoDB
import MotoSupport
import Testing

/// Where the configuration comes from, and that credentials never show.
@Suite struct ConfigurationTests {
    let environment = [
        "AWS_ACCESS_KEY_ID": "AKIDENV",
        "AWS_SECRET_ACCESS_KEY": FakeCredentials.secret,
        "AWS_SESSION_TOKEN": FakeCredentials.sessionToken,
        "AWS_REGION": "eu-west-1",
        "AWS_DEFAULT_REGION": "us-west-2",
        "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9000",
    ]

    @Test func environmentSuppliesEverything() throws {
        let configuration = try DynamoDBConfiguration(table: "t", environment: environment)
        #expect(configuration.region == "eu-west-1")
        #expect(configuration.endpoint == DynamoDBEndpoint(scheme: "http", host: "127.0.0.1", port: 9000))
        #expect(configuration.credentials.accessKeyID == "AKIDENV")
        #expect(configuration.credentials.sessionToken == FakeCredentials.sessionToken)
        #expect(configuration.consistentReads == false)
    }

    @Test func explicitParametersWin() throws {
        let configuration = try DynamoDBConfiguration(
            table: "t", endpoint: "https://localhost:8443/", region: "ap-south-1", consistent: true, environment: environment
        )
        #expect(configuration.region == "ap-south-1")
        #expect(configuration.endpoint.description == "https://localhost:8443")
        #expect(configuration.consistentReads)
    }

    @Test func defaultRegionAndPublicEndpoint() throws {
        var environment = environment
        environment["AWS_REGION"] = nil
        environment["AWS_ENDPOINT_URL_DYNAMODB"] = nil
        let configuration = try DynamoDBConfiguration(table: "t", environment: environment)
        #expect(configuration.region == "us-west-2")
        #expect(configuration.endpoint.description == "https://dynamodb.us-west-2.amazonaws.com")
        #expect(configuration.endpoint.hostHeader == "dynamodb.us-west-2.amazonaws.com")
    }

    @Test func missingPiecesAreNamed() {
        #expect(throws: CacheError.store(code: "MissingRegion", message: "no AWS region: add ?region=R to the cache URL or set AWS_REGION")) {
            try DynamoDBConfiguration(table: "t", environment: ["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"])
        }
        do {
            _ = try DynamoDBConfiguration(table: "t", region: "us-east-1", environment: ["AWS_ACCESS_KEY_ID": "a"])
            Issue.record("no secret key, yet a configuration")
        } catch let .store(code, _) {
            #expect(code == "MissingCredentials")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: ["127.0.0.1:8000", "ftp://host", "http://", "http://host:0", "http://host:99999", "http://host/path", "http://u:p@host"])
    func malformedEndpointsAreRefused(_ text: String) {
        #expect(throws: CacheError.self) { try DynamoDBEndpoint(parsing: text) }
    }

    @Test func ipv6EndpointKeepsItsBrackets() throws {
        let endpoint = try DynamoDBEndpoint(parsing: "http://[::1]:8000")
        #expect(endpoint.host == "[::1]")
        #expect(endpoint.port == 8000)
        #expect(try DynamoDBEndpoint(parsing: "http://[::1]").port == nil)
    }

    @Test func credentialsNeverPrint() throws {
        let configuration = try DynamoDBConfiguration(table: "t", environment: environment)
        for text in [
            String(describing: configuration), String(reflecting: configuration),
            String(describing: configuration.credentials), String(reflecting: configuration.credentials),
        ] {
            #expect(!text.contains(FakeCredentials.secret))
            #expect(!text.contains(FakeCredentials.sessionToken))
        }
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains(FakeCredentials.secret))
        #expect(!dumped.contains(FakeCredentials.sessionToken))
    }
}
