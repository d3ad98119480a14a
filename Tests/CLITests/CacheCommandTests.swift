import Foundation
import Testing

/// `detection-host cache` end to end: the built binary, run as a user would, against a SQLite
/// file so that state carries from one process to the next.
@Suite final class CacheCommandTests {
    let directory: URL
    let cacheOption: [String]

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cache-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        cacheOption = ["--cache", "sqlite:" + directory.appendingPathComponent("cache.sqlite").path]
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    @Test func setThenGetAndListInLaterProcesses() throws {
        try expectSuccess(["set", "logins", "alice", "3", "--kind", "counter"])
        try expectSuccess(["set", "names", "bob", "3"])
        try expectSuccess(["set", "flags", "seen", "True", "--kind", "bool", "--ttl", "100"])
        #expect(try expectSuccess(["get", "logins", "alice"]).hasPrefix("logins\talice\tcounter\t3\t"))
        #expect(try expectSuccess(["get", "names", "bob"]).hasPrefix("names\tbob\tstring\t\"3\"\t"))
        let listed = try expectSuccess(["list"]).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(listed.map { $0.prefix(4) } == [
            ["NAMESPACE", "KEY", "KIND", "VALUE"],
            ["flags", "seen", "bool", "true"],
            ["logins", "alice", "counter", "3"],
            ["names", "bob", "string", "\"3\""],
        ])
        // The time left, in whole seconds: a fresh 100-second entry shows (nearly) all of it.
        let left = listed[1].last.flatMap { Int($0.dropLast()) } ?? -1
        #expect((95...100).contains(left), "flags/seen shows \(listed[1])")
    }

    @Test func jsonOutput() throws {
        try expectSuccess(["set", "ips", "alice", "10.0.0.2", "10.0.0.1,with comma", "--kind", "set", "--ttl", "60"])
        let entry = try object(expectSuccess(["get", "ips", "alice", "--json"]))
        #expect(entry["namespace"] as? String == "ips")
        #expect(entry["kind"] as? String == "set")
        #expect(entry["value"] as? [String] == ["10.0.0.1,with comma", "10.0.0.2"])
        #expect((entry["expires_in"] as? Int).map { (55...60).contains($0) } == true)
        #expect(entry["expires_at"] is Int)
        let listed = try JSONSerialization.jsonObject(with: Data(expectSuccess(["list", "--namespace", "ips", "--json"]).utf8))
        #expect((listed as? [[String: Any]])?.count == 1)
        #expect(try expectSuccess(["list", "--namespace", "nothing-here", "--json"]) == "[]\n")
    }

    @Test func deleteAndClear() throws {
        for (ns, key) in [("a", "1"), ("a", "2"), ("b", "1")] {
            try expectSuccess(["set", ns, key, "v"])
        }
        try expectSuccess(["delete", "a", "1"])
        try expectSuccess(["delete", "a", "missing"])
        #expect(try keys() == ["a/2", "b/1"])
        let cleared = try object(expectSuccess(["clear", "a", "--json"]))
        #expect(cleared["namespace"] as? String == "a" && cleared["removed"] as? Bool == true)
        #expect(try keys() == ["b/1"])
        try expectSuccess(["clear"])
        #expect(try keys() == [])
    }

    @Test func anEmptySetDeletesTheKey() throws {
        try expectSuccess(["set", "ips", "alice", "10.0.0.1", "--kind", "set"])
        try expectSuccess(["set", "ips", "alice", "--kind", "set"])
        #expect(try keys() == [])
    }

    @Test func aMissingEntryExitsOne() throws {
        let result = try run(["get", "logins", "nobody", "--json"])
        #expect(result.status == 1)
        #expect(result.output == "null\n")
        #expect(result.errors.contains("no live entry 'nobody'"))
    }

    @Test(arguments: [
        ["list", "--cache", "bogus:"],
        ["set", "n", "k", "twelve", "--kind", "counter"],
        ["set", "n", "k", "maybe", "--kind", "bool"],
        ["set", "n", "k", "a", "b"],
        ["set", "n", "k", "v", "--ttl", "0"],
        ["set", "n", "k", "v", "--kind", "list"],
    ])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let result = try run(arguments, cache: arguments.contains("--cache") ? [] : nil)
        #expect(result.status == 2, "\(arguments): \(result.errors)")
        #expect(!result.errors.isEmpty)
    }

    @Test func theDefaultCacheIsEmptyMemory() throws {
        let result = try run(["list"], cache: [])
        #expect(result.status == 0)
        #expect(result.output == "NAMESPACE\tKEY\tKIND\tVALUE\tEXPIRES IN\n")
    }

    // MARK: - Running the binary

    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `detection-host cache ARGUMENTS`, with this test's SQLite file unless `cache` says otherwise.
    func run(_ arguments: [String], cache: [String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["cache"] + arguments + (cache ?? cacheOption)
        let (output, errors) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      output: String(decoding: outputData, as: UTF8.self),
                      errors: String(decoding: errorData, as: UTF8.self))
    }

    @discardableResult
    func expectSuccess(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.errors)", sourceLocation: sourceLocation)
        return result.output
    }

    /// The live keys as "namespace/key", from `list --json`.
    func keys() throws -> [String] {
        let listed = try JSONSerialization.jsonObject(with: Data(expectSuccess(["list", "--json"]).utf8)) as? [[String: Any]]
        return (listed ?? []).map { "\($0["namespace"] as? String ?? "?")/\($0["key"] as? String ?? "?")" }
    }

    func object(_ json: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
    }

    /// The `detection-host` binary SwiftPM built beside this test bundle.
    static let executable: URL = {
        let tests = FileManager.default.fileExists(atPath: "/proc/self/exe")
            ? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            : Bundle.main.bundleURL
        return tests.deletingLastPathComponent().appendingPathComponent("detection-host")
    }()
}
