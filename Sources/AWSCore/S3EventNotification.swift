#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An object an S3 event notification announces.
public struct S3ObjectEvent: Sendable, Equatable {
    public var bucket: String
    /// The key, decoded (notifications send it form-encoded: `+` for a space, `%XX` escapes).
    public var key: String
    /// The size the notification gives; nil for events without one (deletions).
    public var size: Int64?
    /// `ObjectCreated:Put`, `ObjectRemoved:Delete`, …
    public var eventName: String

    public init(bucket: String, key: String, size: Int64?, eventName: String) {
        self.bucket = bucket
        self.key = key
        self.size = size
        self.eventName = eventName
    }
}

/// Reads the JSON S3 sends to a queue when objects change: `{"Records": [...]}`, the same
/// wrapped in an SNS envelope (`{"Type": "Notification", "Message": "<that JSON as a string>"}`),
/// or the `s3:TestEvent` S3 sends once when notifications are set up, which announces nothing.
public enum S3EventNotification {
    private struct Envelope: Decodable {
        var Records: [Record]?
        var Event: String?
        var `Type`: String?
        var Message: String?
    }

    private struct Record: Decodable {
        struct S3: Decodable {
            struct Bucket: Decodable { var name: String }
            struct Object: Decodable { var key: String; var size: Int64? }
            var bucket: Bucket
            var object: Object
        }

        var eventName: String?
        var s3: S3?
    }

    /// The objects a message announces, in the order given; empty for a test event.
    public static func objects(in message: String) throws(AWSError) -> [S3ObjectEvent] {
        try objects(in: message, depth: 0)
    }

    private static func objects(in message: String, depth: Int) throws(AWSError) -> [S3ObjectEvent] {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(message.utf8))
        } catch {
            throw AWSError(code: "InvalidNotification", message: "not an S3 event notification: \(error)")
        }
        if let records = envelope.Records {
            var events: [S3ObjectEvent] = []
            for record in records {
                guard let s3 = record.s3 else {
                    throw AWSError(code: "InvalidNotification", message: "a record of the notification has no s3 object")
                }
                guard let key = formDecoded(s3.object.key) else {
                    throw AWSError(code: "InvalidNotification", message: "the key '\(s3.object.key)' is not validly escaped")
                }
                events.append(S3ObjectEvent(bucket: s3.bucket.name, key: key, size: s3.object.size, eventName: record.eventName ?? ""))
            }
            return events
        }
        if envelope.Event == "s3:TestEvent" { return [] }
        if envelope.Type == "Notification", let inner = envelope.Message, depth == 0 {
            return try objects(in: inner, depth: 1)
        }
        throw AWSError(code: "InvalidNotification", message: "not an S3 event notification: no Records, no s3:TestEvent, no SNS Message")
    }

    /// `text` decoded as S3 encodes keys in notifications (as an HTML form would): `+` is a
    /// space and `%XX` a byte of the key's UTF-8; nil when an escape is malformed or the bytes
    /// are not UTF-8.
    public static func formDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var input = Array(text.utf8)[...]
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        while let byte = input.popFirst() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = input.popFirst().flatMap(hexValue), let low = input.popFirst().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
