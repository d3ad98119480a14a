import Foundation
import Testing

/// The `detection-host` binary SwiftPM built beside this test bundle, run as a user would.
enum HostProcess {
    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
    }

    /// The test executable runs from the products directory, where `swift build` also put
    /// `detection-host` (this target depends on it).
    static let executable: URL? = {
        var directories = [URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()]
        if FileManager.default.fileExists(atPath: "/proc/self/exe") {
            directories.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL)
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        directories += Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }.map { $0.deletingLastPathComponent() }
        return directories.map { $0.appendingPathComponent("detection-host") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The package's root, found from this file's place in it.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `detection-host ARGUMENTS` with `input` (or nothing) on standard input and waits.
    static func run(_ arguments: [String], input: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let binary = try #require(executable, "detection-host was not built beside the tests (run `swift build` first)",
                                  sourceLocation: sourceLocation)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("host-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let files = ["stdin", "stdout", "stderr"].map { scratch.appendingPathComponent($0) }
        try Data((input ?? "").utf8).write(to: files[0])
        for file in files.dropFirst() { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.standardInput = try FileHandle(forReadingFrom: files[0])
        process.standardOutput = try FileHandle(forWritingTo: files[1])
        process.standardError = try FileHandle(forWritingTo: files[2])
        try process.run()
        process.waitUntilExit()
        let text = { (file: URL) in String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self) }
        return Outcome(status: process.terminationStatus, output: text(files[1]), errors: text(files[2]))
    }
}
