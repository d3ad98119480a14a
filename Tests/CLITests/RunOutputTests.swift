import Foundation
import Testing

/// What `detection-host run` writes (DESIGN §4, §5): one JSON object per match with at least
/// `detection alert_id activated title severity dedupe line record`, to standard output or
/// `--output FILE`; records from `--input FILE` or standard input.
@Suite final class RunOutputTests {
    let workspace: Workspace
    static let records = [
        #"{"user": {"name": "alice"}, "action": "login", "n": 1}"#,
        #"{"user": {"name": "bob"}, "action": "logout", "n": 2.5, "tags": ["x", null], "nested": {"deep": {"er": true}}}"#,
        #"{"user": {"name": "alice"}, "action": "login", "n": 123456789012345678901234567890}"#,
    ]

    init() throws {
        workspace = try Workspace()
        try workspace.write("input.jsonl", Self.records.joined(separator: "\n") + "\n")
    }

    /// Matches every record (and checks on the way that records are `detection.Record`s).
    static let everything = """
        from detection import Record

        def detect(record):
            return isinstance(record, Record)
        """

    static let fields = ["detection", "id", "alert_id", "activated", "title", "severity", "dedupe", "line", "record"]

    @Test func rowIDsAreTheSameOnEveryRunAndDifferPerMatch() throws {
        try workspace.write("everything.py", Self.everything)
        let first = try workspace.host(["run", "everything.py", "--input", "input.jsonl"]).rows()
        let second = try workspace.host(["run", "everything.py", "--input", "input.jsonl"]).rows()
        let ids = first.compactMap { $0["id"] as? String }
        #expect(ids.count == 3 && Set(ids).count == 3, "\(ids)")
        #expect(ids == second.compactMap { $0["id"] as? String }, "a rerun of the same input gives the same row ids")
        // Alert ids stay random per run in memory: a rerun is another run's alerts.
        #expect(first.compactMap { $0["alert_id"] as? String } != second.compactMap { $0["alert_id"] as? String })
    }

    @Test func eachMatchIsAJSONObjectWithTheDocumentedFields() throws {
        try workspace.write("everything.py", Self.everything)
        let result = try workspace.host(["run", "everything.py", "--input", "input.jsonl"])
        #expect(result.status == 0, "\(result.errors)")
        let rows = try result.rows()
        #expect(rows.count == 3)
        for (index, row) in rows.enumerated() {
            for field in Self.fields {
                #expect(row[field] != nil, "line \(index + 1) lacks \(field): \(row)")
            }
            #expect(row["detection"] as? String == "everything")
            #expect((row["alert_id"] as? String)?.isEmpty == false)
            #expect(row["activated"] as? Bool == true)
            #expect(row["line"] as? Int == index + 1)
            // With no functions and no detection.yml: title and dedupe are the name, severity info.
            #expect(row["title"] as? String == "everything")
            #expect(row["dedupe"] as? String == "everything")
            #expect(row["severity"] as? String == "info")
        }
    }

    @Test func theRecordFieldIsTheInputRecord() throws {
        try workspace.write("everything.py", Self.everything)
        let result = try workspace.host(["run", "everything.py", "--input", "input.jsonl"])
        #expect(result.status == 0, "\(result.errors)")
        // Compared by Python itself: each output record equals json.loads of its input line.
        try workspace.write("output.jsonl", result.output)
        try workspace.write("compare.py", """
            import json, sys
            inputs = [json.loads(line) for line in open("input.jsonl")]
            outputs = [json.loads(line)["record"] for line in open("output.jsonl")]
            sys.exit(0 if inputs == outputs and all(type(a["n"]) is type(b["n"]) for a, b in zip(inputs, outputs)) else 5)
            """)
        let compared = try workspace.host(["python", "compare.py"])
        #expect(compared.status == 0, "\(result.output)\(compared.errors)")
    }

    @Test func titleDedupeAndSeverityComeFromTheFunctionsThenTheMetadata() throws {
        try workspace.write("detections/with_functions/detect.py", """
            def detect(record):
                return record.deepget("action") == "login"

            def title(record):
                return "login by " + record.deepget("user.name")

            def dedupe(record):
                return record.deepget("user.name")

            def severity(record):
                return "high"
            """)
        try workspace.write("detections/with_metadata/detect.py", """
            from detection import remote_cache

            logins = remote_cache("with_metadata")

            def detect(record):
                logins.increment_counter(record.deepget("user.name"))
                return True
            """)
        try workspace.write("detections/with_metadata/detection.yml", """
            name: named_in_yaml
            display_name: A display name
            alert:
              severity: medium
              threshold: 2
            """)
        let result = try workspace.host(["run", "detections", "--input", "input.jsonl"])
        #expect(result.status == 0, "\(result.errors)")
        let rows = try result.rows()
        let functions = rows.filter { $0["detection"] as? String == "with_functions" }
        #expect(functions.compactMap { $0["title"] as? String } == ["login by alice", "login by alice"])
        #expect(functions.compactMap { $0["dedupe"] as? String } == ["alice", "alice"])
        #expect(functions.compactMap { $0["severity"] as? String } == ["high", "high"])
        #expect(functions.compactMap { $0["line"] as? Int } == [1, 3])
        let metadata = rows.filter { $0["detection"] as? String == "named_in_yaml" }
        #expect(metadata.compactMap { $0["title"] as? String } == Array(repeating: "A display name", count: 3))
        #expect(metadata.compactMap { $0["dedupe"] as? String } == Array(repeating: "A display name", count: 3))
        #expect(metadata.compactMap { $0["severity"] as? String } == Array(repeating: "medium", count: 3))
        // One dedupe group with a threshold of 2: the alert activates on the second match.
        #expect(metadata.compactMap { $0["activated"] as? Bool } == [false, true, true])
        #expect(Set(metadata.compactMap { $0["alert_id"] as? String }).count == 1)
    }

    @Test func outputGoesToTheFileGiven() throws {
        try workspace.write("everything.py", Self.everything)
        let result = try workspace.host(["run", "everything.py", "--input", "input.jsonl", "--output", "matches.jsonl"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.isEmpty, "nothing on standard output: \(result.output)")
        let written = try String(contentsOfFile: workspace.path("matches.jsonl"), encoding: .utf8)
        let lines = written.split(separator: "\n")
        #expect(lines.count == 3)
        let rows = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(rows.compactMap { $0["line"] as? Int } == [1, 2, 3])
    }

    @Test func recordsComeFromStandardInputByDefaultAndWithDash() throws {
        try workspace.write("everything.py", Self.everything)
        let input = Self.records.joined(separator: "\n")
        for arguments in [["run", "everything.py"], ["run", "everything.py", "--input", "-"]] {
            let result = try workspace.host(arguments, input: input)
            #expect(result.status == 0, "\(result.errors)")
            #expect(try result.rows().compactMap { $0["line"] as? Int } == [1, 2, 3], "\(arguments)")
        }
    }

    @Test func aSummaryGoesToStandardError() throws {
        try workspace.write("everything.py", Self.everything)
        let result = try workspace.host(["run", "everything.py", "--input", "input.jsonl"])
        #expect(result.status == 0)
        #expect(!result.errors.isEmpty)
        #expect(result.errors.contains("everything"), "\(result.errors)")
    }

    @Test func recordsADetectionGetsEqualJsonLoadsOfTheirLines() throws {
        // Plain lines are scanned on the reader thread and built from that scan; lines with
        // escapes, NaN or odd numbers are parsed on the Python thread. Both must give json.loads.
        let lines = [
            #"{"a": {"b": [1, -2, 3.25, 1e3, -0.0, 12345678901234567890123], "c": "Besançon"}, "d": null, "e": true}"#,
            #"{"esc": "tab\there \u00e9 \ud83d\ude00", "n": NaN, "big": 1E400, "dup": 1, "dup": 2}"#,
            #"{"ts": 1704067200.027, "list": [], "obj": {}, "nested": [[{"x": [false]}]]}"#,
        ]
        try workspace.write("mixed.jsonl", lines.joined(separator: "\n") + "\n")
        try workspace.write("same.py", """
            import json
            expected = [json.loads(line) for line in open("mixed.jsonl", "rb")]
            seen = []

            def detect(record):
                want = expected[len(seen)]
                seen.append(1)
                # repr and json.dumps, not ==: NaN is not equal to itself.
                return json.dumps(record) == json.dumps(want) and repr(record) == repr(want)
            """)
        let result = try workspace.host(["run", "same.py", "--input", "mixed.jsonl"])
        #expect(result.status == 0, "\(result.errors)")
        // Counted as lines: the second row's record holds NaN, which Foundation's JSON refuses.
        #expect(result.output.split(separator: "\n").count == lines.count, "\(result.output)")
    }

    @Test func decodedRecordsAreCollectedAsDictsAreCyclesIncluded() throws {
        // A record holding only scalars is not tracked by the garbage collector (as a plain dict
        // is not); once a detection puts a container in it, it is, so a cycle it makes is freed.
        try workspace.write("cycles.py", """
            import gc

            def detect(record):
                leaf = record["user"]
                untracked = not gc.is_tracked(leaf)
                leaf["self"] = leaf
                tracked = gc.is_tracked(leaf)
                # The previous record's cycle is garbage by now.
                collected = gc.collect() > 0 or record["n"] == 1
                return untracked and tracked and collected and gc.is_tracked(record)
            """)
        let result = try workspace.host(["run", "cycles.py", "--input", "input.jsonl"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(try result.rows().count == 3, "\(result.errors)")
    }
}
