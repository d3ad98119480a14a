import CacheCore
import DetectionModule
import Foundation
import PythonBridge
import Testing

/// What a Python snippet raised, copied out of Python so it can leave the GIL section.
struct Raised: CustomStringConvertible {
    let type: String
    let message: String
    var description: String { "\(type): \(message)" }
}

/// A private namespace on a private memory store whose clock moves only when a test says so,
/// and a way to run Python snippets against it through the embedded interpreter.
///
/// Every snippet runs in a fresh globals dict inside `Python.withGIL`, with `c` bound to a new
/// `RemoteCache` handle (`makeRemoteCache`) on this namespace with this sandbox's ttl; what the
/// snippet leaves in `result` comes back as its `repr`. State lives only in the store, so tests
/// may run in parallel with anything else in the process.
final class CacheSandbox: Sendable {
    let clock: ManualClock
    let store: MemoryStore
    let namespace: String
    let ttl: Int64

    init(ttl: Int64 = 3600) {
        DetectionModule.start()
        // `start()` only registers the module; its types exist once something imports it, and
        // `makeRemoteCache` needs them. (A host that never imports `detection` before asking for
        // them is the bug `RunExitCodeTests.aDetectionThatNeverImportsTheDetectionModuleRuns` shows.)
        Python.withGIL { gil in
            do { _ = try importModule("detection", gil) } catch { Issue.record("import detection: \(error)") }
        }
        clock = ManualClock()
        store = MemoryStore(clock: clock)
        namespace = "module-tests-\(UUID().uuidString)"
        self.ttl = ttl
    }

    /// Moves this sandbox's clock forward (never sleeping).
    func advance(_ seconds: Double) {
        clock.advance(by: seconds)
    }

    /// Runs `code` with `c` bound (and `d` too when `secondTTL` is given: a second handle on the
    /// same namespace with its own ttl). Returns `repr(result)`, or nil when `result` is unset.
    @discardableResult
    func run(_ code: String, secondTTL: Int64? = nil) throws -> String? {
        let outcome: Result<String?, Raised> = try Python.withGIL { gil in
            let globals = try pyDict(gil)
            let handle = try DetectionModule.makeRemoteCache(store: store, namespace: namespace, ttl: ttl, gil)
            try setItem(globals.pointer(gil), "c", handle.pointer(gil), gil)
            if let secondTTL {
                let second = try DetectionModule.makeRemoteCache(store: store, namespace: namespace, ttl: secondTTL, gil)
                try setItem(globals.pointer(gil), "d", second.pointer(gil), gil)
            }
            do throws(PythonError) {
                let compiled = try compile(code, filename: "<snippet>", gil)
                try exec(compiled.pointer(gil), globals: globals.pointer(gil), gil)
                guard let result = try dictItem(globals.pointer(gil), "result", gil) else { return .success(nil) }
                return .success(try pyRepr(result, gil))
            } catch {
                return .failure(Raised(type: error.typeName, message: error.message))
            }
        }
        return try outcome.get()
    }

    /// `repr` of a Python expression evaluated with `c` bound.
    func eval(_ expression: String, secondTTL: Int64? = nil) throws -> String {
        try #require(try run("result = (\(expression))", secondTTL: secondTTL))
    }

    /// What `code` raised, or nil (and a recorded issue) when it raised nothing.
    func raised(_ code: String, sourceLocation: SourceLocation = #_sourceLocation) -> Raised? {
        do {
            try run(code)
            Issue.record("no exception from: \(code)", sourceLocation: sourceLocation)
            return nil
        } catch let raised as Raised {
            return raised
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Expects `code` to raise `type` (with `containing` in its message), and the namespace to
    /// be exactly as it was before: the "nothing changed" of DESIGN §3.1 and §6.
    func expectRefused(_ code: String, _ type: String, containing fragment: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try contents()
        let stored = try store.entries(namespace: namespace)
        let error = raised(code, sourceLocation: sourceLocation)
        #expect(error?.type == type, "\(code) raised \(error.map(\.description) ?? "nothing")", sourceLocation: sourceLocation)
        if let fragment {
            #expect(error?.message.contains(fragment) == true, "\(code): \(error.map(\.description) ?? "")",
                    sourceLocation: sourceLocation)
        }
        #expect(try contents() == before, "\(code) changed the cache", sourceLocation: sourceLocation)
        #expect(try store.entries(namespace: namespace) == stored, "\(code) changed a value or an expiry",
                sourceLocation: sourceLocation)
    }

    /// The live entries as Python sees them, sets sorted: `{'k': value, ...}` in key order.
    func contents() throws -> String {
        try eval("{k: (sorted(v) if isinstance(v, (set, frozenset)) else v) for k, v in sorted(c.items())}")
    }
}

extension Raised: Error {}
