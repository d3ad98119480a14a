import Foundation
import Testing

/// What a new user meets in the first hour (issue 11): a closed pipe, concatenated or truncated
/// documents, a byte order mark, `run .`, `--timeout-ms` at its edges.
@Suite final class RunHardeningTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
        try workspace.write("every/detect.py", "def detect(record):\n    return True\n")
    }

    /// Runs a shell pipeline in the workspace; `detection-host` is the built binary.
    func pipeline(_ command: String) throws -> (status: Int32, output: String, errors: String) {
        let binary = try #require(Workspace.executable)
        let script = try workspace.write(".pipeline.sh", "set -o pipefail\nPATH=\(binary.deletingLastPathComponent().path):$PATH\n\(command)\n")
        return try workspace.shell(script)
    }

    @Test func aReaderThatStopsEarlyEndsTheRunQuietly() throws {
        try workspace.write("big.jsonl", (1...200_000).map { #"{"n": \#($0), "pad": "\#(String(repeating: "x", count: 40))"}"# }
            .joined(separator: "\n") + "\n")
        let result = try pipeline("detection-host run every --input big.jsonl | head -n 2 > first.txt; echo \"${PIPESTATUS[0]}\" > status.txt")
        let status = try String(contentsOfFile: workspace.path("status.txt"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(status == "141", "exit status \(status): \(result.errors)")
        #expect(!result.errors.contains("Fatal error"), "\(result.errors)")
        #expect(result.errors.contains("detection-host:") && result.errors.contains(" records in "), "no summary: \(result.errors)")
        let first = try String(contentsOfFile: workspace.path("first.txt"), encoding: .utf8)
        #expect(first.split(separator: "\n").count == 2)
    }

    @Test func pythonModeOutputIntoAClosedPipeBehavesAsPython() throws {
        let code = "import sys\\nfor i in range(200000): print(i)"
        let host = try pipeline("detection-host python -c \"$(printf '\(code)')\" | head -n 1 > /dev/null; echo \"${PIPESTATUS[0]}\" > host.txt")
        _ = try pipeline("python3 -c \"$(printf '\(code)')\" | head -n 1 > /dev/null; echo \"${PIPESTATUS[0]}\" > python.txt")
        let read = { (name: String) in try String(contentsOfFile: self.workspace.path(name), encoding: .utf8) }
        #expect(try read("host.txt") == read("python.txt"))
        #expect(!host.errors.contains("Fatal error"), "\(host.errors)")
    }

    @Test func concatenatedArraysAreReadInFull() throws {
        try workspace.write("a.json", #"[{"n": 1}, {"n": 2}]"# + "\n")
        try workspace.write("b.json", "[\n  {\"n\": 3}\n]\n")
        let result = try pipeline("cat a.json b.json a.json | detection-host run every")
        #expect(result.status == 0, "\(result.errors)")
        let rows = try Workspace.Outcome(status: result.status, output: result.output, errors: result.errors).rows()
        #expect(rows.compactMap { ($0["record"] as? [String: Any])?["n"] as? Int } == [1, 2, 3, 1, 2])
        #expect(rows.compactMap { $0["line"] as? Int } == [1, 2, 3, 4, 5])
    }

    @Test func concatenatedCloudTrailFilesAreReadInFull() throws {
        let file = #"{"Records": [{"eventName": "A"}, {"eventName": "B"}]}"#
        try workspace.write("trail.json", file + "\n" + file.replacingOccurrences(of: "\"A\"", with: "\"C\""))
        let result = try workspace.host(["run", "every", "--input", "trail.json"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(try result.rows().compactMap { ($0["record"] as? [String: Any])?["eventName"] as? String } == ["A", "B", "C", "B"])
    }

    @Test(arguments: [
        (#"[{"n": 1}] trailing words"#, "unexpected data at byte 11"),
        (#"[{"n": 1}] {"other": 2}"#, "must be a CloudTrail file"),
        (#"[{"n": 1}, {"n": 2}"#, "looks truncated"),
        (#"{"Records": [{"n": 1}] "extra": 1}"#, "expected the } that closes the CloudTrail object"),
    ])
    func whatFollowsOrCutsAnArrayIsReported(input: String, message: String) throws {
        try workspace.write("input.json", input)
        let result = try workspace.host(["run", "every", "--input", "input.json"])
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.errors.contains("input.json: "), "\(result.errors)")
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(try result.rows().first.flatMap { ($0["record"] as? [String: Any])?["n"] as? Int } == 1)
    }

    @Test(arguments: ["jsonl", "array", "cloudtrail"])
    func aByteOrderMarkNeverReachesTheOutput(format: String) throws {
        let body = switch format {
        case "jsonl": #"{"n": 1, "s": "é"}"# + "\n" + #"{"n": 2}"# + "\n"
        case "array": #"[{"n": 1, "s": "é"}, {"n": 2}]"#
        default: #"{"Records": [{"n": 1, "s": "é"}, {"n": 2}]}"#
        }
        let path = workspace.path("bom.json")
        try Data([0xEF, 0xBB, 0xBF] + Array(body.utf8)).write(to: URL(fileURLWithPath: path))
        let result = try workspace.host(["run", "every", "--input", "bom.json"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(!result.output.utf8.contains(0xEF) || !result.output.contains("\u{FEFF}"))
        let rows = try result.rows()
        #expect(rows.count == 2)
        #expect((rows.first?["record"] as? [String: Any])?["s"] as? String == "é")
        for line in result.output.split(separator: "\n") {
            #expect(!line.unicodeScalars.contains("\u{FEFF}"), "BOM in \(line)")
        }
    }

    @Test func runDotNamesTheDetectionAfterItsDirectory() throws {
        try workspace.write("input.jsonl", #"{"n": 1}"# + "\n")
        let named = try workspace.host(["run", ".", "--input", "../input.jsonl"], in: "every")
        #expect(named.status == 0, "\(named.errors)")
        #expect(try named.rows().first?["detection"] as? String == "every")
        #expect(!named.errors.contains("\n.  "))
    }

    @Test(arguments: ["99999999999999999", "86400001", "0", "-5"])
    func anOutOfRangeTimeoutIsAUsageError(value: String) throws {
        let result = try workspace.host(["run", "every", "--timeout-ms", value])
        #expect(result.status == 2, "\(result.errors)")
        #expect(result.errors.contains("--timeout-ms"), "\(result.errors)")
    }

    /// The detection that overran is named, in the errors file too; the others are unaffected,
    /// also when the limit passes while the call sits in C code (`time.sleep`, a long regex).
    @Test(arguments: [
        "import time\n\ndef detect(record):\n    time.sleep(0.4)\n    return True\n",
        "import time\n\ndef detect(record):\n    return time.sleep(0.4)\n",
        "import re\n\ndef detect(record):\n    return re.match(r'(a+)+$', 'a' * 24 + 'b')\n",
    ])
    func aTimedOutCallIsAttributedAndWrittenToTheErrorsFile(slow: String) throws {
        try workspace.write("slow/detect.py", slow)
        try workspace.write("input.jsonl", (1...3).map { #"{"n": \#($0)}"# }.joined(separator: "\n") + "\n")
        let result = try workspace.host(["run", "slow", "every", "--input", "input.jsonl", "--timeout-ms", "50", "--errors", "errors.jsonl"])
        #expect(result.status == 1, "\(result.errors)")
        let rows = try result.rows()
        #expect(rows.filter { $0["detection"] as? String == "every" }.count == 3)
        #expect(rows.filter { $0["detection"] as? String == "slow" }.isEmpty)
        #expect(result.errors.contains("detection 'slow' ran longer than 50 ms"), "\(result.errors)")
        #expect(!result.errors.contains("detection 'every'"), "\(result.errors)")
        let errors = try String(contentsOfFile: workspace.path("errors.jsonl"), encoding: .utf8)
        let timeouts = try errors.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0?["kind"] as? String == "timeout" }
        #expect(timeouts.count == 3, "\(errors)")
        #expect(timeouts.allSatisfy { $0?["detection"] as? String == "slow" && $0?["file"] as? String == "input.jsonl" })
        #expect(timeouts.compactMap { $0?["line"] as? Int } == [1, 2, 3])
        #expect(timeouts.allSatisfy { ($0?["detection_file"] as? String)?.hasSuffix("slow/detect.py") == true })
    }

    /// A record nested 20,000 deep is refused with RecursionError, as `json.loads` refuses it,
    /// and the run goes on with the next record.
    @Test func aDeeplyNestedRecordIsRefusedAndTheRunGoesOn() throws {
        let deep = #"{"a": "# + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "}"
        let result = try workspace.host(["run", "every"], input: #"{"n": 1}"# + "\n" + deep + "\n" + #"{"n": 3}"# + "\n")
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.errors.contains("<stdin>:2: invalid record skipped"), "\(result.errors)")
        #expect(result.errors.contains("recursion"), "\(result.errors)")
        #expect(try result.rows().compactMap { $0["line"] as? Int } == [1, 3])
    }

    /// Freeing a very deep structure of records a detection built is no worse than in python3
    /// (the trashcan keeps the C stack flat).
    @Test func freeingADeepChainOfRecordsDoesNotOverflowTheStack() throws {
        let result = try workspace.host(["python", "-c", """
            from detection import Record
            r = Record()
            for _ in range(300000):
                r = Record(x=r)
            del r
            print("freed")
            """])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == "freed\n")
    }

    /// A run ends as a Python program does: the detections' `atexit` handlers run and what they
    /// printed is flushed, after the matches.
    @Test func aRunFinalisesTheInterpreter() throws {
        try workspace.write("closing/detect.py", """
            import atexit

            atexit.register(lambda: print("closing handler ran"))

            def detect(record):
                return False
            """)
        let result = try workspace.host(["run", "closing", "every"], input: #"{"n": 1}"# + "\n")
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasSuffix("closing handler ran\n"), "\(result.output)")
    }

    /// Start-up never blocks on standard input with the GIL held: a thread a detection starts
    /// at import runs while the host waits for the first record.
    @Test func threadsRunWhileTheHostWaitsForInput() throws {
        try workspace.write("threaded/detect.py", """
            import threading

            def _mark():
                with open("thread-ran.txt", "w") as f:
                    f.write("yes")

            threading.Thread(target=_mark, daemon=True).start()

            def detect(record):
                return True
            """)
        let result = try pipeline("""
            (for i in $(seq 1 100); do [ -e thread-ran.txt ] && break; sleep 0.1; done
             [ -e thread-ran.txt ] || touch gave-up.txt
             echo '{"n": 1}') | detection-host run threaded
            """)
        #expect(result.status == 0, "\(result.errors)")
        #expect(!FileManager.default.fileExists(atPath: workspace.path("gave-up.txt")), "the thread did not run before input came")
    }
}
