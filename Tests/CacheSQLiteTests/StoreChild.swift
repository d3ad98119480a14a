import CacheCore
import CacheSQLite
import Foundation
import Testing

/// Child processes for the multi-process tests, without a helper target in Package.swift:
/// the test binary runs itself again (`/proc/self/exe`, so Linux only) with a filter that
/// selects `storeChildEntry` and environment variables that say what to do. Run by the
/// ordinary test runner, `storeChildEntry` does nothing.
///
/// A child reports on standard output, one line per event, with raw `write(2)` calls so that
/// nothing sits in a buffer when it is killed: `ack N` after each increment the store has
/// returned (the count N is committed), and `done` at the end. Other lines (the test
/// runner's own) are ignored.
struct StoreChild {
    enum Task: String {
        /// `count` increments of one key.
        case increment
        /// `count` distinct members added to one set, one call each.
        case add
        /// Increments without end, acknowledging each; the parent kills it.
        case incrementAndAcknowledge = "increment-and-acknowledge"
    }

    static let namespace = "multi-process"
    static let key = "shared"

    let process = Process()
    private let output = Pipe()
    private let reader: FileHandle
    private var pending = ""

    /// Starts a child doing `task` on the store at `path`; `id` tells children apart.
    init(_ task: Task, path: String, count: Int = 0, id: Int = 0) throws {
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["--testing-library", "swift-testing", "--filter", "storeChildEntry"]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "SQLITE_STORE_CHILD": task.rawValue, "SQLITE_STORE_PATH": path,
            "SQLITE_STORE_COUNT": String(count), "SQLITE_STORE_ID": String(id),
        ]) { _, new in new }
        process.standardOutput = output
        // The child's test-runner chatter and any failure go into the same lines, so that a
        // failing expectation in the parent shows what the child said.
        process.standardError = output
        reader = output.fileHandleForReading
        try process.run()
        // A hung child must not hang the suite: it is killed after a generous deadline.
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 180) { kill(pid, SIGKILL) }
    }

    /// The next complete line the child wrote, or nil at the end of its output.
    mutating func nextLine() -> String? {
        while true {
            if let newline = pending.firstIndex(of: "\n") {
                let line = String(pending[..<newline])
                pending = String(pending[pending.index(after: newline)...])
                return line
            }
            let data = reader.availableData
            if data.isEmpty { return nil }
            pending += String(decoding: data, as: UTF8.self)
        }
    }

    /// Reads the rest of the output and waits for the child; returns the lines it wrote.
    mutating func finish() -> [String] {
        var lines: [String] = []
        while let line = nextLine() { lines.append(line) }
        process.waitUntilExit()
        return lines
    }
}

/// The child's side: a no-op unless `SQLITE_STORE_CHILD` names a task.
@Test func storeChildEntry() throws {
    let environment = ProcessInfo.processInfo.environment
    guard let name = environment["SQLITE_STORE_CHILD"], let task = StoreChild.Task(rawValue: name),
          let path = environment["SQLITE_STORE_PATH"] else { return }
    let count = Int(environment["SQLITE_STORE_COUNT"] ?? "") ?? 0
    let id = environment["SQLITE_STORE_ID"] ?? "0"
    let store = try SQLiteStore(path: path)
    let (ns, key) = (StoreChild.namespace, StoreChild.key)
    switch task {
    case .increment:
        for _ in 0..<count { _ = try store.increment(namespace: ns, key: key, by: 1, ttl: 3600) }
    case .add:
        for i in 0..<count { _ = try store.addToStringSet(namespace: ns, key: key, members: ["\(id)-\(i)"], ttl: 3600) }
    case .incrementAndAcknowledge:
        while true {
            let count = try store.increment(namespace: ns, key: key, by: 1, ttl: 3600)
            report("ack \(count)")
        }
    }
    report("done")
}

/// One line to standard output, unbuffered.
private func report(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
