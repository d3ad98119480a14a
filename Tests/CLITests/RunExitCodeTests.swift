import Foundation
import Testing

/// `detection-host run` end to end (DESIGN §5, §6): exit 0 for a clean run, 1 when records or
/// detection calls failed but the run went on, 2 when the run could not start.
@Suite final class RunExitCodeTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
        try workspace.write("input.jsonl", (1...5).map { #"{"n": \#($0 % 3), "user": "u\#($0)"}"# }.joined(separator: "\n") + "\n")
        try workspace.write("detections/every_record/detect.py", """
            from detection import remote_cache

            seen = remote_cache("every_record")

            def detect(record):
                seen.increment_counter("records")
                return True
            """)
    }

    func lines(_ rows: [[String: Any]], of detection: String) -> [Int] {
        rows.filter { $0["detection"] as? String == detection }.compactMap { $0["line"] as? Int }
    }

    // MARK: 0

    @Test func aCleanRunExitsZero() throws {
        try workspace.write("detections/odd/detect.py", "def detect(record):\n    return record['n'] % 2 == 1\n")
        let result = try workspace.host(["run", "detections", "--input", "input.jsonl"])
        #expect(result.status == 0, "\(result.errors)")
        let rows = try result.rows()
        #expect(lines(rows, of: "every_record") == [1, 2, 3, 4, 5])
        #expect(lines(rows, of: "odd") == [1, 4])
        #expect(!result.errors.contains("Traceback"))
    }

    @Test func noMatchesIsStillClean() throws {
        try workspace.write("never.py", """
            from detection import Record

            def detect(record):
                return None if isinstance(record, Record) else True
            """)
        let result = try workspace.host(["run", "never.py", "--input", "input.jsonl"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.isEmpty)
    }

    @Test func aDetectionThatNeverImportsTheDetectionModuleRuns() throws {
        // Records are Records with deepget (DESIGN §3.2) whether or not a detection imports
        // `detection` itself.
        try workspace.write("plain.py", """
            def detect(record):
                return type(record).__name__ == "Record" and record.deepget("n") == 2
            """)
        let result = try workspace.host(["run", "plain.py", "--input", "input.jsonl"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(lines(try result.rows(), of: "plain") == [2, 5])
    }

    // MARK: 1

    @Test func aDetectionRaisingOnSomeRecordsExitsOneAndTheRunGoesOn() throws {
        // n is 1, 2, 0, 1, 2, 0, 1: the records on lines 3 and 6 divide by zero.
        try workspace.write("input.jsonl", (1...7).map { #"{"n": \#($0 % 3)}"# }.joined(separator: "\n") + "\n")
        try workspace.write("detections/divides/detect.py", """
            def detect(record):
                return 2 / record["n"] > 1
            """)
        let result = try workspace.host(["run", "detections", "--input", "input.jsonl"])
        #expect(result.status == 1, "\(result.errors)")
        let rows = try result.rows()
        #expect(lines(rows, of: "divides") == [1, 4, 7], "the records after the failures still ran")
        #expect(lines(rows, of: "every_record") == [1, 2, 3, 4, 5, 6, 7], "the other detection ran on every record")
        // The traceback, pointing into the detection's file, is shown once for the two failures.
        #expect(result.errors.components(separatedBy: "Traceback (most recent call last)").count == 2, "\(result.errors)")
        #expect(result.errors.contains("detections/divides/detect.py\", line 2"), "\(result.errors)")
        #expect(result.errors.contains("ZeroDivisionError"), "\(result.errors)")
    }

    @Test func anInvalidJSONLineIsReportedWithItsNumberAndSkipped() throws {
        try workspace.write("input.jsonl", """
            {"user": "a"}
            {"user": "b"}
            {not json
            {"user": "c"}

            [1, 2
            {"user": "d"}
            """)
        let result = try workspace.host(["run", "detections", "--input", "input.jsonl"])
        #expect(result.status == 1, "\(result.errors)")
        let rows = try result.rows()
        #expect(lines(rows, of: "every_record") == [1, 2, 4, 7])
        #expect(rows.compactMap { ($0["record"] as? [String: Any])?["user"] as? String } == ["a", "b", "c", "d"])
        for line in [3, 6] {
            #expect(result.errors.contains("input.jsonl:\(line):") || result.errors.contains("line \(line)"), "\(result.errors)")
        }
        #expect(!result.errors.contains("input.jsonl:5:"), "a blank line is not an invalid record: \(result.errors)")
    }

    // MARK: 2

    @Test func aDetectionWithASyntaxErrorStopsTheRunNamingFileAndLine() throws {
        let script = "detections/broken/detect.py"
        try workspace.write(script, """
            from detection import remote_cache

            def detect(record):
                if record.get('x') == 1
                    return True
            """)
        let result = try workspace.host(["run", "detections", "--input", "input.jsonl"])
        #expect(result.status == 2, "\(result.errors)")
        #expect(result.output.isEmpty, "no record ran")
        #expect(result.errors.contains("\(script):4") || result.errors.contains("\(script)\", line 4"), "\(result.errors)")
        #expect(result.errors.contains("SyntaxError"), "\(result.errors)")
    }

    @Test(arguments: [
        ("import json\nimport no_such_module_anywhere\n\ndef detect(record):\n    return True\n", 2, "ModuleNotFoundError"),
        ("from detection import remote_cache, no_such_name\n\ndef detect(record):\n    return True\n", 1, "ImportError"),
        ("def helper():\n    import no_such_module_anywhere\n\nhelper()\n\ndef detect(record):\n    return True\n", 2, "ModuleNotFoundError"),
    ])
    func aDetectionWithAnImportErrorStopsTheRunNamingFileAndLine(source: String, line: Int, error: String) throws {
        let script = "detections/imports/detect.py"
        try workspace.write(script, source)
        let result = try workspace.host(["run", "detections", "--input", "input.jsonl"])
        #expect(result.status == 2, "\(result.errors)")
        #expect(result.output.isEmpty)
        #expect(result.errors.contains("\(script):\(line)") || result.errors.contains("\(script)\", line \(line)"), "\(result.errors)")
        #expect(result.errors.contains(error), "\(result.errors)")
    }

    @Test func aDetectionWithoutDetectDoesNotLoad() throws {
        let script = "nodetect.py"
        try workspace.write(script, "def dtect(record):\n    return True\n")
        let result = try workspace.host(["run", "nodetect.py", "--input", "input.jsonl"])
        #expect(result.status == 2, "\(result.errors)")
        #expect(result.errors.contains(script), "\(result.errors)")
    }

    @Test func aMissingPathExitsTwo() throws {
        let result = try workspace.host(["run", "no-such-detections", "--input", "input.jsonl"])
        #expect(result.status == 2, "\(result.errors)")
        #expect(result.errors.contains("no-such-detections"), "\(result.errors)")
        #expect(result.output.isEmpty)
    }

    @Test(arguments: [["run", "--bogus"], ["run", "detections", "--input"], ["run", "detections", "--output"], ["frobnicate"], ["python"]])
    func aBadOptionExitsTwo(arguments: [String]) throws {
        let result = try workspace.host(arguments)
        #expect(result.status == 2, "\(arguments): \(result.errors)")
        #expect(!result.errors.isEmpty)
    }

    @Test func aMissingInputFileExitsTwo() throws {
        let result = try workspace.host(["run", "detections", "--input", "no-such-input.jsonl"])
        #expect(result.status == 2, "\(result.errors)")
        #expect(result.errors.contains("no-such-input.jsonl"), "\(result.errors)")
        #expect(result.output.isEmpty)
    }

    @Test func aDirectoryAsInputIsUnreadableAndExitsTwo() throws {
        try FileManager.default.createDirectory(atPath: workspace.path("a-directory"), withIntermediateDirectories: true)
        let result = try workspace.host(["run", "detections", "--input", "a-directory"])
        #expect(result.status == 2, "\(result.errors)")
        #expect(result.errors.contains("a-directory"), "\(result.errors)")
    }

    @Test(.enabled(if: geteuid() != 0, "root reads files whatever their mode"))
    func anInputFileWithoutReadPermissionExitsTwo() throws {
        let input = workspace.path("input.jsonl")
        try FileManager.default.setAttributes([.posixPermissions: 0o200], ofItemAtPath: input)
        let result = try workspace.host(["run", "detections", "--input", "input.jsonl"])
        #expect(result.status == 2, "\(result.errors)")
        #expect(result.errors.contains("input.jsonl"), "\(result.errors)")
    }
}

/// `--table NAME` keeps the detections whose detection.yml lists the table (DESIGN §4).
@Suite final class RunTableTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
        for (name, table) in [("cloudtrail_rule", "aws_cloudtrail"), ("okta_rule", "okta_system")] {
            try workspace.write("rules/\(name)/detect.py", "def detect(record):\n    return True\n")
            try workspace.write("rules/\(name)/detection.yml", "name: \(name)\ntables:\n  - \(table)\n")
        }
    }

    @Test func tableSelectsTheDetectionsThatListIt() throws {
        let outcome = try workspace.host(["run", "rules", "--table", "okta_system"], input: "{\"a\": 1}\n")
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(try outcome.rows().map { $0["detection"] as? String } == ["okta_rule"])
    }

    @Test func aTableNoDetectionListsStopsTheRunNamingTheTables() throws {
        let outcome = try workspace.host(["run", "rules", "--table", "okta"], input: "{\"a\": 1}\n")
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains("--table okta: no enabled detection lists it"), "\(outcome.errors)")
        #expect(outcome.errors.contains("aws_cloudtrail, okta_system"), "\(outcome.errors)")
        #expect(outcome.output.isEmpty)
    }
}
