import CacheCore
import GRDB
import Synchronization

/// The durable store for one machine: a SQLite file that several host processes may share
/// (DESIGN §3.1, `--cache sqlite:PATH`).
///
/// Built on GRDB rather than the raw C API: GRDB owns statement finalization, error codes and
/// the busy handler, which is exactly the code this store would otherwise repeat.
///
/// - One `DatabaseQueue` (a single connection) per store, in WAL mode. Every operation is one
///   short transaction and the host calls the store from one thread at a time, so a
///   `DatabasePool`'s extra reader connections would buy nothing but file handles; WAL still
///   lets other processes read while this one writes.
/// - Every update is one `BEGIN IMMEDIATE` transaction: the write lock is taken before the row
///   is read, so read-modify-write is atomic across processes, and a waiting process retries
///   for up to `busyTimeout` instead of failing. (A deferred transaction that reads and then
///   writes can fail at once with SQLITE_BUSY_SNAPSHOT, which no busy handler retries.)
/// - `synchronous = NORMAL` (set by GRDB for WAL): a committed transaction survives the
///   process being killed, as it is in the OS's cache; only a power loss may drop the last
///   few commits, and never corrupts the file.
/// - The file and its `-wal`/`-shm` companions are readable by their owner only (0600).
/// - Expired rows are purged every `purgeEvery` writes of this instance (see `+Purge`).
public final class SQLiteStore: CacheStore {
    /// How long an operation waits for another process's lock before failing. SQLite's busy
    /// handler polls rather than queues, so under contention one process can wait many turns:
    /// four processes adding to one large set on two loaded cores once starved one past 10 s.
    public static let busyTimeout: Double = 60

    let queue: DatabaseQueue
    let clock: any CacheClock
    let path: String
    /// Writes since this instance last purged expired rows.
    let writesSincePurge = Mutex(0)

    /// Opens (creating if needed) the store at `path`.
    public init(path: String, clock: any CacheClock = SystemClock()) throws(CacheError) {
        self.path = path
        self.clock = clock
        try PrivateFile.create(at: path)
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "detection-host cache"
        queue = try Self.translatingErrors { try DatabaseQueue(path: path, configuration: configuration) }
        try Self.translatingErrors { try Schema.prepare(queue) }
        try purgeExpired()
    }

    /// Calls may wait on disk and on other processes' locks.
    public var mayBlock: Bool { true }

    /// Runs `body` in a read transaction: a consistent snapshot of the latest commit.
    func read<T>(_ body: (Database, _ now: Double) throws -> T) throws(CacheError) -> T {
        try Self.translatingErrors {
            try queue.read { db in try body(db, clock.now()) }
        }
    }

    /// Runs `body` in an IMMEDIATE transaction (the write lock held throughout), committing
    /// when it returns and rolling back when it throws, so a refusal changes nothing.
    func write<T>(_ body: (Database, _ now: Double) throws -> T) throws(CacheError) -> T {
        try Self.translatingErrors {
            var result: T?
            try queue.inTransaction(.immediate) { db in
                // The time is read under the lock, so commits from all processes see it rising.
                result = try body(db, clock.now())
                return .commit
            }
            guard let result else {
                throw CacheError.store(code: "SQLITE_INTERNAL", message: "transaction committed without a result")
            }
            return result
        }
    }

    /// Runs `body`, passing `CacheError`s through and turning SQLite's errors into
    /// `CacheError.store` naming the SQLite result code.
    static func translatingErrors<T>(_ body: () throws -> T) throws(CacheError) -> T {
        do {
            return try body()
        } catch let error as CacheError {
            throw error
        } catch let error as DatabaseError {
            throw CacheError(error)
        } catch {
            throw CacheError.store(code: "SQLITE_ERROR", message: String(describing: error))
        }
    }
}
