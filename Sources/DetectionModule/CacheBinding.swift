import CacheCore
import Synchronization

/// The store behind `remote_cache(...)` handles made from Python: process-wide, chosen by the
/// command line (`--cache URL`) before detections load. Handles keep the store they were made
/// with, so changing it affects only handles made afterwards.
public enum CacheBinding {
    private static let current = Mutex<any CacheStore>(MemoryStore())

    public static var store: any CacheStore {
        current.withLock { $0 }
    }

    public static func use(_ store: any CacheStore) {
        current.withLock { $0 = store }
    }
}
