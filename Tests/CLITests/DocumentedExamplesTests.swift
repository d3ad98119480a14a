import Foundation
import Testing

/// Every example a user is shown — in `detection-host --help` and in the README's shell blocks —
/// runs as written, from the root of the checkout, and succeeds.
@Suite struct DocumentedExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The lines of the "Examples" block in the root command's help, as printed (a line the help
    /// wrapped would not be indented, and would not run as copied).
    static func helpExamples() throws -> [String] {
        let help = try run("detection-host --help").output
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        guard let heading = lines.firstIndex(where: { $0.hasPrefix("Examples") }) else { return [] }
        return lines[(heading + 1)...].prefix { !$0.isEmpty }.map(String.init)
    }

    /// The command lines of the README's ```sh blocks that run detection-host (not `swift test`,
    /// which would run this test again).
    static func readmeExamples() throws -> [String] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var commands: [String] = []
        var inShell = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inShell = !inShell && line.hasPrefix("```sh")
                continue
            }
            let command = line.trimmingCharacters(in: .whitespaces)
            guard inShell, !command.isEmpty, !command.hasPrefix("#"), command.contains("detection-host") else { continue }
            commands.append(command)
        }
        return commands
    }

    @Test func theHelpShowsExamplesAndEachRuns() throws {
        let examples = try Self.helpExamples()
        #expect(examples.count >= 3)
        for example in examples {
            #expect(example.hasPrefix("  "), "a wrapped example line: \(example)")
            let outcome = try Self.run(example)
            #expect(outcome.status == 0, "\(example) exited \(outcome.status): \(outcome.errors)")
        }
    }

    @Test func everyREADMEExampleRuns() throws {
        let examples = try Self.readmeExamples()
        #expect(examples.contains { $0.contains("run detections --input samples/cloudtrail-events.jsonl") })
        for example in examples {
            let outcome = try Self.run(example)
            #expect(outcome.status == 0, "\(example) exited \(outcome.status): \(outcome.errors)")
        }
    }

    /// Runs a documented command line with bash in the checkout's root, `detection-host` being
    /// the built binary (`swift run detection-host` is the same program).
    static func run(_ commandLine: String) throws -> (status: Int32, output: String, errors: String) {
        let binary = try #require(Workspace.executable)
        let command = commandLine.replacingOccurrences(of: "swift run detection-host", with: "detection-host")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes to their end before waiting, so that a full pipe cannot block the child.
        let errorData = Locked<Data>()
        let errorReader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        errorReader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errorData.value == nil { usleep(1000) }
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self),
                String(decoding: errorData.value ?? Data(), as: UTF8.self))
    }
}

/// A value set once by another thread.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    func set(_ value: Value) { lock.withLock { stored = value } }
    var value: Value? { lock.withLock { stored } }
}
