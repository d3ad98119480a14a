import Foundation
import Testing

/// A temporary directory for one test, with the files it writes there, and the built
/// `detection-host` run in it as a user would run it.
final class Workspace {
    struct Outcome {
        var status: Int32
        var output: String
        var errors: String

        /// Standard output as JSON objects, one a line.
        func rows(sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
            try output.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any],
                             "not a JSON object: \($0)", sourceLocation: sourceLocation)
            }
        }
    }

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `text` at `name` (folders made as needed) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// Runs `detection-host ARGUMENTS` in this directory (or its subdirectory `in`) with `input`
    /// on standard input.
    /// `environment` replaces the test process's AWS variables, and adds any other it names.
    func host(_ arguments: [String], input: String = "", in subdirectory: String? = nil, environment: [String: String]? = nil,
              sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let binary = try #require(Self.executable, "no detection-host beside the test bundle: build the package first",
                                  sourceLocation: sourceLocation)
        let outcome = try run(binary, arguments, input: input,
                              in: subdirectory.map { directory.appendingPathComponent($0) } ?? directory, environment: environment)
        // A binary linked non-PIE (static libpython: see Package.swift for why it is not) makes
        // the dynamic loader warn about pointer equality in the middle of a run. No command may.
        #expect(!outcome.errors.contains("direct reference to protected"), "\(outcome.errors)",
                sourceLocation: sourceLocation)
        return outcome
    }

    /// Runs a bash script file in this directory, standard input empty.
    func shell(_ script: String) throws -> (status: Int32, output: String, errors: String) {
        let outcome = try run(URL(fileURLWithPath: "/bin/bash"), [script], input: "", in: directory)
        return (outcome.status, outcome.output, outcome.errors)
    }

    private func run(_ executable: URL, _ arguments: [String], input: String, in workingDirectory: URL,
                     environment: [String: String]? = nil) throws -> Outcome {
        try start(executable, arguments, input: input, in: workingDirectory, environment: environment).finish()
    }

    /// A command started and not yet waited for: several `detection-host` processes at once.
    final class Running {
        let process: Process
        private let stdout: String
        private let stderr: String

        fileprivate init(_ process: Process, stdout: String, stderr: String) {
            self.process = process
            self.stdout = stdout
            self.stderr = stderr
        }

        /// Waits for the process and returns what it wrote.
        func finish() -> Outcome {
            process.waitUntilExit()
            let read = { (path: String) in String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
            return Outcome(status: process.terminationStatus, output: read(stdout), errors: read(stderr))
        }

        /// What it has written to standard error so far.
        var errorsSoFar: String {
            String(decoding: FileManager.default.contents(atPath: stderr) ?? Data(), as: UTF8.self)
        }
    }

    /// Starts `detection-host ARGUMENTS` in this directory without waiting for it.
    func startHost(_ arguments: [String], environment: [String: String]? = nil) throws -> Running {
        let binary = try #require(Self.executable, "no detection-host beside the test bundle: build the package first")
        return try start(binary, arguments, input: "", in: directory, environment: environment)
    }

    private func start(_ executable: URL, _ arguments: [String], input: String, in workingDirectory: URL,
                       environment: [String: String]? = nil) throws -> Running {
        let name = UUID().uuidString
        let stdin = try write(".\(name).in", input)
        let (stdout, stderr) = (try write(".\(name).out", ""), try write(".\(name).err", ""))
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
                .merging(environment) { _, new in new }
        }
        process.standardInput = FileHandle(forReadingAtPath: stdin)
        process.standardOutput = FileHandle(forWritingAtPath: stdout)
        process.standardError = FileHandle(forWritingAtPath: stderr)
        try process.run()
        return Running(process, stdout: stdout, stderr: stderr)
    }

    /// `detection-host`, built by SwiftPM into the products directory the tests run from.
    static let executable: URL? = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent(),
            URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ] + Bundle.allBundles.filter { $0.bundleURL.pathExtension == "xctest" }.map { $0.bundleURL.deletingLastPathComponent() }
        return candidates.map { $0.appendingPathComponent("detection-host") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()
}
