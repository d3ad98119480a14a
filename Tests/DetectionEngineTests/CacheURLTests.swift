import DetectionEngine
import Testing

@Suite struct CacheURLTests {
    @Test func percentEscapesInDynamoDBOptionsAreDecoded() throws {
        let url = try CacheURL(parsing: "dynamodb:t?endpoint=http%3A%2F%2F127.0.0.1%3A8000&region=us-east-1")
        #expect(url.location == .dynamoDB(table: "t", options: ["endpoint": "http://127.0.0.1:8000", "region": "us-east-1"]))
    }

    /// A broken escape used to drop characters silently (`us-east%zz-1` became `us-east-1`-ish).
    @Test(arguments: ["us-east%zz-1", "us-east-1%", "us-east-1%4", "us%+f", "%ff%fe"])
    func anInvalidEscapeIsRefusedNamingTheOption(_ region: String) {
        #expect {
            _ = try CacheURL(parsing: "dynamodb:t?region=\(region)")
        } throws: { error in
            "\(error)".contains("'region'") && "\(error)".contains("percent escape")
        }
    }

    @Test func sqlitePathsStayLiteral() throws {
        let url = try CacheURL(parsing: "sqlite:cache%20file.db")
        #expect(url.location == .sqlite(path: "cache%20file.db"))
    }
}
