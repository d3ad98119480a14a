import Foundation
import Testing

/// The input formats users have (issue: the engine a detection author can live in): JSON Lines,
/// a JSON array, a CloudTrail file, each optionally gzipped, several files, standard input.
@Suite struct RunInputFormatTests {
    /// A detection matching records whose `n` is even, so each format's positions can be checked.
    private func evenDetection(_ workspace: Workspace) throws -> String {
        try workspace.write("even/detect.py", "def detect(record):\n    return record['n'] % 2 == 0\n")
        return workspace.path("even")
    }

    private let records = (1...6).map { #"{"n": \#($0), "user": {"name": "u\#($0)"}}"# }

    private func gzip(_ workspace: Workspace, _ name: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-f", workspace.path(name)]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return workspace.path(name + ".gz")
    }

    private func positions(_ outcome: Workspace.Outcome) throws -> [Int] {
        try outcome.rows().map { try #require($0["line"] as? Int) }
    }

    @Test func jsonLinesGiveLineNumbersAndSkipBlankLines() throws {
        let workspace = try Workspace()
        let detection = try evenDetection(workspace)
        let input = try workspace.write("events.jsonl", records.joined(separator: "\n\n") + "\n")
        let outcome = try workspace.host(["run", detection, "--input", input])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(try positions(outcome) == [3, 7, 11])
    }

    @Test func crlfLineEndingsAreAccepted() throws {
        let workspace = try Workspace()
        let detection = try evenDetection(workspace)
        let input = try workspace.write("events.jsonl", records.joined(separator: "\r\n") + "\r\n")
        let outcome = try workspace.host(["run", detection, "--input", input])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(try positions(outcome) == [2, 4, 6])
    }

    @Test func aPrettyPrintedJSONArrayGivesPositionsAndOneLineRecords() throws {
        let workspace = try Workspace()
        let detection = try evenDetection(workspace)
        let input = try workspace.write("events.json", "[\n  " + records.joined(separator: ",\n  ") + "\n]\n")
        let outcome = try workspace.host(["run", detection, "--input", input])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(try positions(outcome) == [2, 4, 6])
        #expect(outcome.output.split(separator: "\n").count == 3, "each match is one output line")
        let users = try outcome.rows().map { (($0["record"] as? [String: Any])?["user"] as? [String: Any])?["name"] as? String }
        #expect(users == ["u2", "u4", "u6"])
    }

    @Test func aGzippedCloudTrailFileIsRead() throws {
        let workspace = try Workspace()
        let detection = try evenDetection(workspace)
        try workspace.write("trail.json", #"{"Records": ["# + records.joined(separator: ",") + "]}")
        let input = try gzip(workspace, "trail.json")
        let outcome = try workspace.host(["run", detection, "--input", input])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(try positions(outcome) == [2, 4, 6])
        #expect(try outcome.rows().allSatisfy { ($0["file"] as? String)?.hasSuffix("trail.json.gz") == true })
    }

    @Test func gzippedJSONLinesFromSeveralFilesAndStandardInput() throws {
        let workspace = try Workspace()
        let detection = try evenDetection(workspace)
        try workspace.write("a.jsonl", records[0..<2].joined(separator: "\n"))
        let first = try gzip(workspace, "a.jsonl")
        let second = try workspace.write("b.jsonl", records[2..<4].joined(separator: "\n"))
        let outcome = try workspace.host(["run", detection, "--input", first, "--input", second, "--input", "-"],
                                         input: records[4..<6].joined(separator: "\n"))
        #expect(outcome.status == 0, "\(outcome.errors)")
        let files = try outcome.rows().map { ($0["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } }
        #expect(files == ["a.jsonl.gz", "b.jsonl", "<stdin>"])
        #expect(try positions(outcome) == [2, 2, 2])
    }

    @Test func aTruncatedGzipFileIsReportedAndTheRunGoesOn() throws {
        let workspace = try Workspace()
        let detection = try evenDetection(workspace)
        try workspace.write("a.jsonl", String(repeating: records.joined(separator: "\n") + "\n", count: 200))
        let compressed = try gzip(workspace, "a.jsonl")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: compressed))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: compressed))
        let good = try workspace.write("b.jsonl", records.joined(separator: "\n"))
        let outcome = try workspace.host(["run", detection, "--input", compressed, "--input", good])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("a.jsonl.gz"))
        #expect(try outcome.rows().filter { ($0["file"] as? String)?.hasSuffix("b.jsonl") == true }.count == 3)
    }

    @Test func aRecordThatIsNotAnObjectIsReportedWithItsPosition() throws {
        let workspace = try Workspace()
        let detection = try evenDetection(workspace)
        let input = try workspace.write("events.json", "[" + records[0] + ", 42, " + records[1] + "]")
        let outcome = try workspace.host(["run", detection, "--input", input])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("events.json:2"))
        #expect(try positions(outcome) == [3])
    }
}
