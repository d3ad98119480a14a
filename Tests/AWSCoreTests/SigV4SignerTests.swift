@testable import AWSCore
import Testing

/// The signer against published and independently computed vectors.
@Suite struct SigV4SignerTests {
    /// The credentials of AWS's SigV4 documentation and test suite.
    let example = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    /// 2015-08-30T12:36:00Z, the time of AWS's aws-sig-v4-test-suite.
    let suiteTime: Int64 = 1_440_938_160

    private func authorization(_ headers: [SigV4Signer.Header]) -> String? {
        headers.first { $0.name == "authorization" }?.value
    }

    @Test func getVanillaFromTheAWSTestSuite() {
        let signer = SigV4Signer(credentials: example, region: "us-east-1", service: "service")
        let added = signer.signingHeaders(
            method: "GET", path: "/", headers: [("Host", "example.amazonaws.com")], body: [], time: suiteTime
        )
        #expect(added.first?.value == "20150830T123600Z")
        #expect(authorization(added) == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test func postVanillaFromTheAWSTestSuite() {
        let signer = SigV4Signer(credentials: example, region: "us-east-1", service: "service")
        let added = signer.signingHeaders(
            method: "POST", path: "/", headers: [("Host", "example.amazonaws.com")], body: [], time: suiteTime
        )
        #expect(authorization(added)?.hasSuffix("Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b") == true)
    }

    /// AWS's documented example of deriving a signing key (20120215, us-east-1, iam).
    @Test func signingKeyDerivation() {
        let signer = SigV4Signer(credentials: example, region: "us-east-1", service: "iam")
        let key = signer.signingKey(date: "20120215").withUnsafeBytes { Array($0) }
        #expect(SigV4Signer.hex(key) == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    /// A DynamoDB request with a body, a port in the host and a session token; the expected
    /// value was computed by botocore's SigV4Auth for the same request and time.
    @Test func dynamoDBRequestMatchesBotocore() {
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: "SESSIONTOKEN/EXAMPLE+abc="
        )
        let signer = SigV4Signer(credentials: credentials, region: "eu-west-1", service: "dynamodb")
        let body = #"{"TableName":"detections","Key":{"pk":{"S":"ns"},"sk1":{"S":"k"}}}"#
        let added = signer.signingHeaders(
            method: "POST", path: "/",
            headers: [
                ("host", "127.0.0.1:8000"),
                ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amz-Target", "DynamoDB_20120810.GetItem"),
            ],
            body: Array(body.utf8), time: 1_709_251_198
        )
        #expect(added.contains { $0.name == "x-amz-security-token" && $0.value == "SESSIONTOKEN/EXAMPLE+abc=" })
        #expect(authorization(added) == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240229/eu-west-1/dynamodb/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
            + "Signature=203c5501e59d1763d818ca817ce52a192d632dd816bbbd40274339fdb86d20f3")
    }

    @Test(arguments: [
        (Int64(0), "19700101T000000Z"),
        (951_782_400, "20000229T000000Z"),
        (1_709_251_198, "20240229T235958Z"),
        (4_102_444_799, "20991231T235959Z"),
    ])
    func amzDate(epoch: Int64, expected: String) {
        #expect(SigV4Signer.amzDate(epochSeconds: epoch) == expected)
    }

    @Test func canonicalHeadersTrimSortAndMerge() {
        let canonical = SigV4Signer.canonicalHeaders([("X-B", "  two   words "), ("x-a", "1"), ("X-A", "2")])
        #expect(canonical.map(\.name) == ["x-a", "x-b"])
        #expect(canonical.map(\.value) == ["1,2", "two words"])
    }
}
