import AWSCore
import Foundation
import MotoSupport
import Testing

/// `run --input s3://…` through the binary, against moto: one object, a prefix in key order,
/// gzip sniffed on objects too, errors before the run starts.
@Suite struct RunS3Tests {
    let server: MotoServer
    let s3: S3Client
    let bucket: String

    init() throws {
        server = try MotoServer.shared()
        s3 = try S3Client(environment: server.environment)
        bucket = try server.freshBucket("cli")
    }

    private func evenDetection(_ workspace: Workspace) throws -> String {
        try workspace.write("even/detect.py", "def detect(record):\n    return record['n'] % 2 == 0\n")
        return workspace.path("even")
    }

    private func lines(_ numbers: ClosedRange<Int>) -> [UInt8] {
        Array(numbers.map { #"{"n": \#($0)}"# }.joined(separator: "\n").utf8) + [10]
    }

    private func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }

    private func matches(_ outcome: Workspace.Outcome) throws -> [String] {
        try outcome.rows().map { "\($0["file"] ?? "?")#\($0["line"] ?? "?")" }
    }

    @Test func oneObjectAndAPrefixInKeyOrderGzipOrNot() throws {
        try s3.putObject(bucket: bucket, key: "logs/b.jsonl.gz", body: try gzipped(lines(5...8)))
        try s3.putObject(bucket: bucket, key: "logs/a b.jsonl", body: lines(1...4))
        try s3.putObject(bucket: bucket, key: "other/c.jsonl", body: lines(9...10))
        let workspace = try Workspace()
        let detection = try evenDetection(workspace)

        let prefix = try workspace.host(["run", detection, "--input", "s3://\(bucket)/logs/"], environment: server.environment)
        #expect(prefix.status == 0, "\(prefix.errors)")
        #expect(try matches(prefix) == ["s3://\(bucket)/logs/a b.jsonl#2", "s3://\(bucket)/logs/a b.jsonl#4",
                                        "s3://\(bucket)/logs/b.jsonl.gz#2", "s3://\(bucket)/logs/b.jsonl.gz#4"])
        let numbers = try prefix.rows().map { ($0["record"] as? [String: Any])?["n"] as? Int }
        #expect(numbers == [2, 4, 6, 8])

        let one = try workspace.host(["run", detection, "--input", "s3://\(bucket)/logs/b.jsonl.gz"], environment: server.environment)
        #expect(one.status == 0, "\(one.errors)")
        #expect(try matches(one) == ["s3://\(bucket)/logs/b.jsonl.gz#2", "s3://\(bucket)/logs/b.jsonl.gz#4"])
    }

    /// Larger than one ranged GET (8 MiB): the record cut by a range boundary is whole.
    @Test func anObjectLargerThanOneRange() throws {
        let padding = String(repeating: "x", count: 1000)
        let records = (1...9000).map { #"{"n": \#($0), "pad": "\#(padding)"}"# }.joined(separator: "\n") + "\n"
        try s3.putObject(bucket: bucket, key: "big.jsonl", body: Array(records.utf8))
        let workspace = try Workspace()
        let outcome = try workspace.host(["run", try evenDetection(workspace), "--input", "s3://\(bucket)/big.jsonl"],
                                         environment: server.environment)
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(try outcome.rows().count == 4500)
    }

    /// Reads a whole (small) object's rows.
    private func objectRows(_ key: String) throws -> [String] {
        let reader = try s3.getObject(bucket: bucket, key: key)
        var bytes = [UInt8](repeating: 0, count: Int(reader.size))
        var filled = 0
        while filled < bytes.count {
            filled += try bytes.withUnsafeMutableBytes { try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
        }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// One object of rows per input, named after it; a second run overwrites rather than adds.
    @Test func outputToS3IsOneObjectPerInput() throws {
        try s3.putObject(bucket: bucket, key: "in/a.jsonl", body: lines(1...4))
        try s3.putObject(bucket: bucket, key: "in/b.jsonl", body: lines(5...5))
        let workspace = try Workspace()
        let detection = try evenDetection(workspace)
        for _ in 1...2 {
            let outcome = try workspace.host(["run", detection, "--input", "s3://\(bucket)/in/", "--output", "s3://\(bucket)/out/"],
                                             environment: server.environment)
            #expect(outcome.status == 0, "\(outcome.errors)")
            #expect(outcome.output.isEmpty)
        }
        #expect(try s3.listObjects(bucket: bucket, prefix: "out/").map(\.key) == ["out/in/a.jsonl.jsonl", "out/in/b.jsonl.jsonl"])
        let rows = try objectRows("out/in/a.jsonl.jsonl")
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.contains(#""file":"s3://\#(bucket)/in/a.jsonl""#) })
        #expect(try objectRows("out/in/b.jsonl.jsonl").isEmpty, "an input without matches gets an empty object")

        let piped = try workspace.host(["run", detection, "--output", "s3://\(bucket)/piped"], input: "{\"n\": 2}\n",
                                       environment: server.environment)
        #expect(piped.status == 0, "\(piped.errors)")
        #expect(try objectRows("piped/stdin.jsonl").count == 1)
    }

    @Test func missingObjectsStopTheRunBeforeItStarts() throws {
        let workspace = try Workspace()
        let detection = try evenDetection(workspace)
        let missing = try workspace.host(["run", detection, "--input", "s3://\(bucket)/nope.jsonl"], environment: server.environment)
        #expect(missing.status == 2)
        #expect(missing.errors.contains("s3://\(bucket)/nope.jsonl"))
        let empty = try workspace.host(["run", detection, "--input", "s3://\(bucket)/nothing/"], environment: server.environment)
        #expect(empty.status == 2)
        #expect(empty.errors.contains("no objects under this prefix"))
        #expect(!empty.errors.contains(FakeCredentials.secret))
        var noRegion = server.environment
        noRegion["AWS_REGION"] = nil
        let unconfigured = try workspace.host(["run", detection, "--input", "s3://\(bucket)/x"], environment: noRegion)
        #expect(unconfigured.status == 2)
        #expect(unconfigured.errors.contains("AWS_REGION"))
    }
}
