import CacheCore
import GRDB

extension CacheError {
    /// A SQLite failure as the cache reports it: the result code by its C name
    /// (`SQLITE_BUSY`, `SQLITE_FULL`, …), so that the message can be looked up, and SQLite's text.
    init(_ error: DatabaseError) {
        let primary = error.resultCode.primaryResultCode.rawValue
        let name = Self.sqliteCodeNames[primary].map { "SQLITE_\($0)" } ?? "SQLITE_\(primary)"
        let extended = error.extendedResultCode.rawValue
        let code = extended == primary ? name : "\(name) (extended code \(extended))"
        self = .store(code: code, message: error.message ?? "\(error.resultCode)")
    }

    /// SQLite's primary result codes (https://www.sqlite.org/rescode.html), by number.
    private static let sqliteCodeNames: [Int32: String] = [
        1: "ERROR", 2: "INTERNAL", 3: "PERM", 4: "ABORT", 5: "BUSY", 6: "LOCKED", 7: "NOMEM",
        8: "READONLY", 9: "INTERRUPT", 10: "IOERR", 11: "CORRUPT", 12: "NOTFOUND", 13: "FULL",
        14: "CANTOPEN", 15: "PROTOCOL", 16: "EMPTY", 17: "SCHEMA", 18: "TOOBIG", 19: "CONSTRAINT",
        20: "MISMATCH", 21: "MISUSE", 22: "NOLFS", 23: "AUTH", 24: "FORMAT", 25: "RANGE", 26: "NOTADB",
    ]
}
