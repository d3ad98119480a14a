import CacheCore
import DetectionModule
import Foundation
import PythonBridge
import Testing

/// `remote_cache(namespace, ttl=3600)` and `remotecache` (DESIGN §3.1, first row): one callable
/// under two names, its arguments checked. These use the process-wide store, so each test has
/// its own namespace.
@Suite struct RemoteCacheFactoryTests {
    let sandbox = CacheSandbox()
    let namespace = "factory-tests-\(UUID().uuidString)"

    @Test func bothSpellingsAreTheSameCallable() throws {
        #expect(try sandbox.run("""
            import detection
            from detection import remote_cache, remotecache
            result = (remote_cache is remotecache, detection.remote_cache is detection.remotecache)
            """) == "(True, True)")
    }

    @Test func aHandleIsDictLikeAndTwoHandlesShareTheNamespace() throws {
        #expect(try sandbox.run("""
            from detection import remote_cache, remotecache, RemoteCache
            a = remote_cache(\(quoted(namespace)))
            b = remotecache(\(quoted(namespace)), ttl=60)
            a["user"] = 3
            b.increment_counter("user")
            result = (isinstance(a, RemoteCache), a["user"], b["user"], list(b.keys()))
            """) == "(True, 4, 4, ['user'])")
    }

    @Test func ttlMayBeGivenByPositionOrKeywordAndDefaultsToAnHour() throws {
        #expect(try sandbox.run("""
            from detection import remote_cache
            result = [repr(remote_cache(\(quoted(namespace)))), repr(remote_cache(\(quoted(namespace)), 60)),
                      repr(remote_cache(namespace=\(quoted(namespace)), ttl=86400 * 7))]
            """) == "[\"RemoteCache('\(namespace)', ttl=3600)\", \"RemoteCache('\(namespace)', ttl=60)\", \"RemoteCache('\(namespace)', ttl=604800)\"]")
    }

    @Test(arguments: [
        ("remote_cache('')", "ValueError"),
        ("remote_cache('n' * 1025)", "ValueError"),
        ("remote_cache(5)", "TypeError"),
        ("remote_cache(None)", "TypeError"),
        ("remote_cache(b'UserIp')", "TypeError"),
        ("remote_cache()", "TypeError"),
        ("remotecache('')", "ValueError"),
        ("remotecache(5)", "TypeError"),
    ])
    func aNamespaceMustBeANonEmptyStr(call: String, type: String) throws {
        let error = sandbox.raised("from detection import remote_cache, remotecache\n\(call)")
        #expect(error?.type == type, "\(call) raised \(error.map(\.description) ?? "nothing")")
    }

    @Test func aNamespaceOf1024BytesIsAccepted() throws {
        #expect(try sandbox.run("""
            from detection import remote_cache
            result = type(remote_cache('é' * 512)).__name__
            """) == "'RemoteCache'")
    }

    @Test(arguments: [
        ("ttl=True", "TypeError"),
        ("ttl=False", "TypeError"),
        ("ttl=0", "ValueError"),
        ("ttl=-1", "ValueError"),
        ("ttl=-3600", "ValueError"),
        ("ttl=1.5", "TypeError"),
        ("ttl=3600.0", "TypeError"),
        ("ttl='3600'", "TypeError"),
        ("ttl=None", "TypeError"),
    ])
    func aTTLMustBeAPositiveIntAndNotABool(argument: String, type: String) throws {
        for spelling in ["remote_cache", "remotecache"] {
            let call = "\(spelling)(\(quoted(namespace)), \(argument))"
            let error = sandbox.raised("from detection import remote_cache, remotecache\n\(call)")
            #expect(error?.type == type, "\(call) raised \(error.map(\.description) ?? "nothing")")
        }
    }

    @Test func handlesCannotBeMadeByCallingTheType() throws {
        let error = sandbox.raised("from detection import RemoteCache\nRemoteCache('x')")
        #expect(error?.type == "TypeError")
    }

    @Test func makeRemoteCacheChecksItsArgumentsToo() throws {
        let store = MemoryStore()
        for (namespace, ttl) in [("", Int64(60)), ("ok", 0), ("ok", -5)] {
            let threw = Python.withGIL { gil -> Bool in
                do {
                    _ = try DetectionModule.makeRemoteCache(store: store, namespace: namespace, ttl: ttl, gil)
                    return false
                } catch {
                    return true
                }
            }
            #expect(threw, "makeRemoteCache(namespace: \(namespace.debugDescription), ttl: \(ttl))")
        }
    }
}

/// A Python string literal for `text` (which holds no quote or backslash).
func quoted(_ text: String) -> String {
    "'\(text)'"
}
