import AWSCore
import Testing

/// The messages S3 sends to a queue, directly and through SNS, on fixtures shaped like AWS's
/// documented examples.
@Suite struct S3EventNotificationTests {
    /// An `ObjectCreated:Put` record as S3 sends it (fields the host does not read trimmed).
    static func record(bucket: String, key: String, size: Int) -> String {
        """
        {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2024-01-02T03:04:05.678Z",
         "eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},
         "s3":{"s3SchemaVersion":"1.0","configurationId":"logs","bucket":{"name":"\(bucket)","arn":"arn:aws:s3:::\(bucket)"},
               "object":{"key":"\(key)","size":\(size),"eTag":"0123456789abcdef0123456789abcdef","sequencer":"0A1B2C3D4E5F678901"}}}
        """
    }

    @Test func directNotification() throws {
        let message = #"{"Records":[\#(Self.record(bucket: "logs", key: "2024/01/a.json.gz", size: 1024)),\#(Self.record(bucket: "logs", key: "b", size: 0))]}"#
        #expect(try S3EventNotification.objects(in: message) == [
            S3ObjectEvent(bucket: "logs", key: "2024/01/a.json.gz", size: 1024, eventName: "ObjectCreated:Put"),
            S3ObjectEvent(bucket: "logs", key: "b", size: 0, eventName: "ObjectCreated:Put"),
        ])
    }

    @Test func keysAreFormDecoded() throws {
        let message = #"{"Records":[\#(Self.record(bucket: "logs", key: "dir/my+file%2B1%20%C3%A9.json", size: 7))]}"#
        #expect(try S3EventNotification.objects(in: message).map(\.key) == ["dir/my file+1 é.json"])
    }

    @Test func snsEnvelope() throws {
        let inner = #"{"Records":[\#(Self.record(bucket: "logs", key: "x%3Dy", size: 3))]}"#
        let escaped = inner.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        let envelope = """
            {"Type":"Notification","MessageId":"22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
             "TopicArn":"arn:aws:sns:us-east-1:123456789012:logs","Subject":"Amazon S3 Notification",
             "Message":"\(escaped)","Timestamp":"2024-01-02T03:04:06.000Z","SignatureVersion":"1"}
            """
        #expect(try S3EventNotification.objects(in: envelope) == [S3ObjectEvent(bucket: "logs", key: "x=y", size: 3, eventName: "ObjectCreated:Put")])
    }

    @Test func testEventAnnouncesNothing() throws {
        let test = #"{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2024-01-02T03:04:05.000Z","Bucket":"logs","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}"#
        #expect(try S3EventNotification.objects(in: test).isEmpty)
        let wrapped = #"{"Type":"Notification","Message":"{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"logs\"}"}"#
        #expect(try S3EventNotification.objects(in: wrapped).isEmpty)
    }

    @Test(arguments: ["not json", #"{"hello":1}"#, #"{"Records":[{"eventName":"x"}]}"#,
                      #"{"Records":[{"s3":{"bucket":{"name":"b"},"object":{"key":"bad%zz"}}}]}"#])
    func otherMessagesAreRefused(_ message: String) {
        #expect { try S3EventNotification.objects(in: message) } throws: { ($0 as? AWSError)?.code == "InvalidNotification" }
    }

    @Test func formDecoding() {
        #expect(S3EventNotification.formDecoded("a+b%20c%2b%2F") == "a b c+/")
        #expect(S3EventNotification.formDecoded("%E2%82%AC") == "€")
        #expect(S3EventNotification.formDecoded("50%") == nil)
        #expect(S3EventNotification.formDecoded("%FF") == nil)
        #expect(S3EventNotification.formDecoded("plain") == "plain")
    }
}
