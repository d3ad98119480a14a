import CacheCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates the cache file readable and writable by its owner only, before SQLite opens it.
///
/// The cache may hold user names and addresses seen in security logs. SQLite creates a new
/// file with 0644 (less the umask), but it gives the `-wal` and `-shm` files the mode of the
/// main file, so creating the main file first with 0600 covers all three.
enum PrivateFile {
    static func create(at path: String) throws(CacheError) {
        // O_CREAT without O_TRUNC: an existing file is opened as it is, its mode untouched.
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw .store(code: "SQLITE_CANTOPEN", message: "cannot open or create '\(path)': \(reason)")
        }
        close(descriptor)
    }
}
