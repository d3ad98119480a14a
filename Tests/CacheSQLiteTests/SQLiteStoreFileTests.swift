import CacheCore
@testable import CacheSQLite
import Foundation
import GRDB
import Testing

/// What only a file can show: persistence across opens, permissions, the schema version,
/// purging, and errors naming SQLite's codes.
@Suite struct SQLiteStoreFileTests {
    @Test func stateWrittenByOneStoreIsReadByTheNext() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("cache.sqlite")
        let clock = ManualClock()
        do {
            let writer = try SQLiteStore(path: path, clock: clock)
            _ = try writer.increment(namespace: "logins", key: "alice", by: 3, ttl: 3600)
            _ = try writer.addToStringSet(namespace: "ips", key: "alice", members: ["10.0.0.1", "10.0.0.2"], ttl: 3600)
            try writer.put(namespace: "flags", key: "seen", value: .bool(true), ttl: 60)
        }
        let reader = try SQLiteStore(path: path, clock: clock)
        #expect(try reader.entry(namespace: "logins", key: "alice") ==
                CacheEntry(key: "alice", value: .counter(3), expiresAt: 1_700_003_600))
        #expect(try reader.get(namespace: "ips", key: "alice") == .stringSet(["10.0.0.1", "10.0.0.2"]))
        #expect(try reader.namespaces() == ["flags", "ips", "logins"])
        clock.advance(by: 60)
        #expect(try reader.get(namespace: "flags", key: "seen") == nil)
    }

    @Test func theFileAndItsCompanionsAreReadableByTheirOwnerOnly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("cache.sqlite")
        let store = try SQLiteStore(path: path)
        _ = try store.increment(namespace: "n", key: "k", by: 1, ttl: 60)
        for file in [path, path + "-wal", path + "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o600, "mode of \(file)")
        }
    }

    @Test func aFileWithANewerSchemaIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("cache.sqlite")
        do {
            let store = try SQLiteStore(path: path)
            try store.queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 99") }
        }
        #expect(throws: CacheError.self) { try SQLiteStore(path: path) }
        do {
            _ = try SQLiteStore(path: path)
        } catch {
            guard case let .store(code, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(code == "SCHEMA_TOO_NEW")
        }
    }

    @Test func expiredRowsArePurgedAsTheStoreGoes() throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock()
        let store = try SQLiteStore(path: directory.file("cache.sqlite"), clock: clock)
        for i in 0..<10 { try store.put(namespace: "short", key: "k\(i)", value: .counter(1), ttl: 5) }
        clock.advance(by: 10)
        #expect(try rowCount(store) == 10, "expired rows stay until a purge comes round")
        for i in 0..<SQLiteStore.purgeEvery {
            _ = try store.increment(namespace: "long", key: "k\(i % 7)", by: 1, ttl: 3600)
        }
        #expect(try rowCount(store) == 7)
    }

    @Test func aNewStorePurgesWhatAnEarlierRunLeft() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("cache.sqlite")
        let clock = ManualClock()
        try SQLiteStore(path: path, clock: clock).put(namespace: "n", key: "k", value: .bool(true), ttl: 5)
        clock.advance(by: 5)
        #expect(try rowCount(SQLiteStore(path: path, clock: clock)) == 0)
    }

    @Test func anUnopenablePathNamesTheSQLiteCode() {
        do {
            _ = try SQLiteStore(path: "/nonexistent-directory-for-tests/cache.sqlite")
            Issue.record("opening a file in a missing directory succeeded")
        } catch {
            guard case let .store(code, message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(code == "SQLITE_CANTOPEN")
            #expect(message.contains("nonexistent-directory-for-tests"))
        }
    }

    @Test func sqliteErrorsAreNamedByTheirCode() {
        let busy = CacheError(DatabaseError(resultCode: .SQLITE_BUSY, message: "database is locked"))
        #expect(busy == .store(code: "SQLITE_BUSY", message: "database is locked"))
        let extended = CacheError(DatabaseError(resultCode: .SQLITE_IOERR_WRITE, message: "disk I/O error"))
        #expect(extended == .store(code: "SQLITE_IOERR (extended code 778)", message: "disk I/O error"))
    }

    /// Every row in the file, expired or not.
    private func rowCount(_ store: SQLiteStore) throws -> Int {
        try store.queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM cache_entries") ?? -1 }
    }
}
