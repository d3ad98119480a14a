import CacheCore
@testable import CacheSQLite
import Foundation
import GRDB
import Testing

/// Several host processes sharing one file (DESIGN §3.1: every update atomic, nothing lost).
/// The children are this test binary run again; see `StoreChild`.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/exe"), "children are spawned through /proc/self/exe"))
struct MultiProcessTests {
    /// The children open a file that does not exist yet, so they also race to create it.
    @Test func fourProcessesOfIncrementsLoseNothing() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("cache.sqlite")
        try Self.runToCompletion(4, .increment, path: path, count: 5_000)
        #expect(try SQLiteStore(path: path).get(namespace: StoreChild.namespace, key: StoreChild.key) == .counter(20_000))
    }

    @Test func fourProcessesOfAddsLoseNoMember() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("cache.sqlite")
        try Self.runToCompletion(4, .add, path: path, count: 500)
        let expected = Set((0..<4).flatMap { id in (0..<500).map { "\(id)-\($0)" } })
        #expect(try SQLiteStore(path: path).get(namespace: StoreChild.namespace, key: StoreChild.key) == .stringSet(expected))
    }

    /// SIGKILL in the middle of a stream of increments: the file is sound and holds every
    /// increment the child acknowledged (and at most the one it had no time to report).
    @Test func aKilledProcessLosesNoAcknowledgedIncrement() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("cache.sqlite")
        var child = try StoreChild(.incrementAndAcknowledge, path: path)
        var acknowledged: Int64 = 0
        while acknowledged < 2_000, let line = child.nextLine() {
            acknowledged = max(acknowledged, Self.count(in: line) ?? 0)
        }
        kill(child.process.processIdentifier, SIGKILL)
        for line in child.finish() { acknowledged = max(acknowledged, Self.count(in: line) ?? 0) }
        #expect(child.process.terminationReason == .uncaughtSignal)
        #expect(acknowledged >= 2_000)

        let store = try SQLiteStore(path: path)
        let findings = try store.queue.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
        #expect(findings == ["ok"])
        guard case let .counter(stored)? = try store.get(namespace: StoreChild.namespace, key: StoreChild.key) else {
            Issue.record("the counter is missing")
            return
        }
        #expect(stored >= acknowledged && stored <= acknowledged + 1, "stored \(stored), acknowledged \(acknowledged)")
    }

    /// Starts `number` children at once and checks that each one finished its task.
    private static func runToCompletion(_ number: Int, _ task: StoreChild.Task, path: String, count: Int) throws {
        var children = try (0..<number).map { id in try StoreChild(task, path: path, count: count, id: id) }
        for index in children.indices {
            let lines = children[index].finish()
            #expect(children[index].process.terminationStatus == 0 && lines.contains("done"), "child \(index): \(lines)")
        }
    }

    private static func count(in line: String) -> Int64? {
        line.hasPrefix("ack ") ? Int64(line.dropFirst(4)) : nil
    }
}
