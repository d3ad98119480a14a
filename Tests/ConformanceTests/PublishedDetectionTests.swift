import Foundation
import Testing

/// The published example detections, run by `detection-host run` on generated records: the
/// counter examples match on exactly the 15th and 30th AccessDenied of a user, each user
/// counted on their own; the string-set example matches on each new address of a user, the
/// first included, never on a repeat; the Markdown string-set example does not load.
@Suite final class PublishedDetectionTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `records` as JSON Lines and returns the file's path.
    func inputFile(_ records: [String]) throws -> String {
        let file = directory.appendingPathComponent("input-\(UUID().uuidString).jsonl")
        try Data((records.joined(separator: "\n") + "\n").utf8).write(to: file)
        return file.path
    }

    /// Runs one detection over `records`; returns the matches' output rows.
    func matches(of detection: String, on records: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let result = try HostProcess.run(["run", detection, "--input", inputFile(records)])
        #expect(result.status == 0, "\(result.errors)", sourceLocation: sourceLocation)
        return try result.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], sourceLocation: sourceLocation)
        }
    }

    // MARK: - Counters

    static func cloudTrail(user: String, errorCode: String?) -> String {
        let error = errorCode.map { #", "error_code": "\#($0)""# } ?? ""
        return #"{"event": {"action": "GetObject"}, "aws": {"cloudtrail": {"event_source": "s3.amazonaws.com"\#(error)}}, "user": {"name": "\#(user)"}, "source": {"ip": "203.0.113.7"}}"#
    }

    /// 31 denials for alice and 15 for bob, interleaved with other errors, successes and
    /// records without CloudTrail fields; and the 1-based lines that must match.
    static func denials() -> (records: [String], matchingLines: [Int]) {
        var records: [String] = []
        var matching: [Int] = []
        var counts: [String: Int] = [:]
        func deny(_ user: String) {
            records.append(cloudTrail(user: user, errorCode: "AccessDenied"))
            counts[user, default: 0] += 1
            if counts[user]! % 15 == 0 { matching.append(records.count) }
        }
        for round in 1...31 {
            deny("alice@example.com")
            if round % 2 == 0 { deny("bob@example.com") }
            if round % 3 == 0 { records.append(cloudTrail(user: "alice@example.com", errorCode: "ThrottlingException")) }
            if round % 4 == 0 { records.append(cloudTrail(user: "bob@example.com", errorCode: nil)) }
            if round % 5 == 0 { records.append(#"{"event": {"action": "ConsoleLogin", "outcome": "success"}, "user": {"name": "alice@example.com"}}"#) }
        }
        return (records, matching)
    }

    @Test(arguments: ["detections/access_denied_counter", "detections/access_denied_counter_deepget"])
    func theCounterExampleMatchesOnThe15thAnd30thDenialOfEachUser(detection: String) throws {
        let (records, expectedLines) = Self.denials()
        #expect(expectedLines.count == 3, "alice's 15th and 30th, bob's 15th")
        let rows = try matches(of: detection, on: records)
        #expect(rows.compactMap { $0["line"] as? Int } == expectedLines)
        let users = rows.compactMap { ($0["record"] as? [String: Any]).flatMap { ($0["user"] as? [String: Any])?["name"] as? String } }
        // Bob's 15th denial comes in the round of alice's 30th, just after it.
        #expect(users == ["alice@example.com", "alice@example.com", "bob@example.com"])
        #expect(rows.allSatisfy { $0["detection"] as? String == URL(fileURLWithPath: detection).lastPathComponent })
    }

    // MARK: - String sets

    static func login(_ user: String, _ ip: String?, outcome: String = "success", action: String = "ConsoleLogin") -> String {
        let source = ip.map { #", "source": {"ip": "\#($0)"}"# } ?? ""
        return #"{"event": {"action": "\#(action)", "outcome": "\#(outcome)"}, "user": {"name": "\#(user)"}\#(source)}"#
    }

    @Test func theStringSetExampleMatchesOnEachNewAddressOfAUserTheFirstIncluded() throws {
        let records: [(String, Bool)] = [
            (Self.login("alice", "10.0.0.1"), true),                          // alice's first address
            (Self.login("alice", "10.0.0.1"), false),                         // a repeat
            (Self.login("bob", "10.0.0.1"), true),                            // bob's first, though alice has it
            (Self.login("alice", "10.0.0.2"), true),                          // new for alice
            (Self.login("alice", "10.0.0.3", outcome: "failure"), false),     // not a successful login
            (Self.login("alice", "10.0.0.4", action: "GetObject"), false),    // not a login
            (Self.login("alice", "10.0.0.1"), false),
            (Self.login("alice", "10.0.0.2"), false),
            (Self.login("bob", "10.0.0.1"), false),
            (Self.login("alice", "10.0.0.3"), true),                          // the failure above did not record it
            (Self.login("bob", "10.0.0.9"), true),
            (#"{"event": {"action": "ConsoleLogin", "outcome": "success"}, "source": {"ip": "10.0.0.7"}}"#, true),  // no user: key "None"
            (#"{"event": {"action": "ConsoleLogin", "outcome": "success"}, "source": {"ip": "10.0.0.7"}}"#, false),
            (Self.login("alice", "10.0.0.3"), false),
        ]
        let rows = try matches(of: "detections/new_console_login_ip", on: records.map(\.0))
        let expectedLines = records.indices.filter { records[$0].1 }.map { $0 + 1 }
        #expect(rows.compactMap { $0["line"] as? Int } == expectedLines)
        #expect(rows.allSatisfy { $0["detection"] as? String == "new_console_login_ip" })
    }

    @Test func aLoginWithoutAnAddressIsNotANewAddress() throws {
        let rows = try matches(of: "detections/new_console_login_ip", on: [
            Self.login("carol", nil), Self.login("carol", "10.0.0.5"), Self.login("carol", nil),
        ])
        #expect(rows.compactMap { $0["line"] as? Int } == [2])
    }

    // MARK: - Together, and the one that does not load

    @Test func theSampleInputMakesEveryExampleMatch() throws {
        let result = try HostProcess.run(["run", "detections", "--input", "samples/cloudtrail-events.jsonl"])
        #expect(result.status == 0, "\(result.errors)")
        let rows = try result.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let detections = Set(rows.compactMap { $0["detection"] as? String })
        #expect(detections == ["access_denied_counter", "access_denied_counter_deepget", "new_console_login_ip"], "\(result.output)")
    }

    @Test func theMarkdownStringSetExampleFailsToLoadNamingItsFileAndLine7() throws {
        let input = try inputFile([Self.login("alice", "10.0.0.1")])
        let result = try HostProcess.run(["run", Fixtures.markdownStringSet.path, "--input", input])
        #expect(result.status == 2, "\(result.errors)")
        #expect(result.output.isEmpty)
        let path = Fixtures.markdownStringSet.appendingPathComponent("detect.py").path
        #expect(result.errors.contains("\(path):7") || result.errors.contains("\(path)\", line 7"), "\(result.errors)")
        #expect(result.errors.contains("SyntaxError"), "\(result.errors)")
    }
}
