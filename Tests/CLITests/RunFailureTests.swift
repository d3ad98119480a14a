import Foundation
import Testing

/// How a run treats detections that misbehave: raising often, raising in an optional
/// function, never returning.
@Suite struct RunFailureTests {
    @Test func tenThousandRaisingRecordsGiveOneTracebackAndTenThousandErrorLines() throws {
        let workspace = try Workspace()
        let detection = try workspace.write("brittle.py", """
            import re

            def detect(record):
                return re.match("admin", record.get("user"))
            """)
        let input = (0..<10_000).map { #"{"n": \#($0)}"# }.joined(separator: "\n")
        let errors = workspace.path("errors.jsonl")
        let outcome = try workspace.host(["run", detection, "--errors", errors], input: input)
        #expect(outcome.status == 1)
        #expect(outcome.errors.components(separatedBy: "Traceback (most recent call last)").count == 2,
                "exactly one traceback:\n\(outcome.errors)")
        #expect(outcome.errors.contains("10000 × brittle: TypeError at line 4"))
        let lines = try String(contentsOfFile: errors, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 10_000)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["detection"] as? String == "brittle")
        #expect(first["exception"] as? String == "TypeError")
        #expect(first["line"] as? Int == 1)
        #expect((first["traceback"] as? String)?.contains("brittle.py") == true)
    }

    @Test func anExceptionInTitleIsReportedAndTheMatchKeepsItsRow() throws {
        let workspace = try Workspace()
        try workspace.write("titled/detect.py", """
            def detect(record):
                return True

            def title(record):
                return "user " + record["missing"]
            """)
        try workspace.write("titled/detection.yml", "name: titled\ndisplay_name: Fallback title\n")
        let outcome = try workspace.host(["run", workspace.path("titled")], input: #"{"a": 1}"#)
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("KeyError"))
        let rows = try outcome.rows()
        #expect(rows.count == 1)
        #expect(rows.first?["title"] as? String == "Fallback title")
    }

    @Test func aDetectionThatLoopsForeverIsInterruptedAndTheRunGoesOn() throws {
        let workspace = try Workspace()
        let looping = try workspace.write("looping.py", """
            def detect(record):
                if record["n"] == 1:
                    while True:
                        pass
                return True
            """)
        let input = (1...3).map { #"{"n": \#($0)}"# }.joined(separator: "\n")
        let outcome = try workspace.host(["run", looping, "--timeout-ms", "100"], input: input)
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("'looping' ran longer than 100 ms on <stdin> line 1"))
        #expect(try outcome.rows().map { $0["line"] as? Int } == [2, 3])
    }

    @Test func alertsGroupByDedupeWithThresholdAndWindow() throws {
        let workspace = try Workspace()
        try workspace.write("grouped/detect.py", """
            def detect(record):
                return True

            def dedupe(record):
                return record["user"]
            """)
        try workspace.write("grouped/detection.yml", """
            name: grouped
            alert:
              threshold: 2
              deduplication_window_minutes: 10
            """)
        // ts in seconds, then milliseconds, then RFC 3339: a and b interleave; a's third match
        // comes after its window closed, so it opens a new alert.
        let input = [
            #"{"user": "a", "ts": 1700000000}"#,
            #"{"user": "b", "ts": 1700000060000}"#,
            #"{"user": "a", "ts": "2023-11-14T22:15:20Z"}"#,
            #"{"user": "a", "ts": 1700001000}"#,
        ].joined(separator: "\n")
        let rows = try workspace.host(["run", workspace.path("grouped")], input: input).rows()
        #expect(rows.map { $0["match_count"] as? Int } == [1, 1, 2, 1])
        #expect(rows.map { $0["activated"] as? Bool } == [false, false, true, false])
        let ids = rows.map { $0["alert_id"] as? String }
        #expect(ids[0] == ids[2] && ids[0] != ids[1] && ids[0] != ids[3])
    }
}
