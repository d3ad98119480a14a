import Foundation
import Testing

/// A run fed by a live stream (`tail -f logs | detection-host run`): records are processed as
/// they arrive, matches appear before the input ends, and Ctrl-C stops the run cleanly.
@Suite struct RunLiveStreamTests {
    @Test func matchesAppearBeforeTheInputEndsAndCtrlCStopsCleanly() throws {
        let workspace = try Workspace()
        let detection = try workspace.write("everything.py", "def detect(record):\n    return True\n")
        let binary = try #require(Workspace.executable)
        let process = Process()
        let (input, output, errors) = (Pipe(), Pipe(), Pipe())
        process.executableURL = binary
        process.arguments = ["run", detection]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // A guard against a hang, not a timing assertion: a host that held its output until
        // the end of input would block the read below forever.
        let guardTimer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: guardTimer)
        defer { guardTimer.cancel() }

        input.fileHandleForWriting.write(Data(#"{"n": 1}"#.utf8 + [0x0A]))
        var received = Data()
        while !received.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            received.append(chunk)
        }
        let row = try #require(try JSONSerialization.jsonObject(with: received.prefix { $0 != 0x0A }) as? [String: Any])
        #expect(row["line"] as? Int == 1)

        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let summary = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(summary.contains("1 records"), "\(summary)")
        try? input.fileHandleForWriting.close()
    }
}
