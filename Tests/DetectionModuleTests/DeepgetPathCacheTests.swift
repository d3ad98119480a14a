import Testing

/// `deepget` splits each dotted path once and keeps the segments in a bounded cache. Python code
/// run during a walk (a key's `__eq__`) may fill that cache until it is cleared; the walk in
/// progress must still finish along its own path.
@Suite struct DeepgetPathCacheTests {
    let sandbox = CacheSandbox()

    @Test func aWalkSurvivesTheCacheBeingClearedUnderIt() throws {
        #expect(try sandbox.run("""
            from detection import Record
            flood = Record(p=1)
            held = []
            class Sneaky:
                def __hash__(self):
                    return hash('b')
                def __eq__(self, other):
                    # More new paths than the cache holds: it is cleared, dropping its segments
                    # of the path being walked.
                    for i in range(5000):
                        flood.deepget('path-cache-flood-%d' % i)
                    # New 3-tuples, which reuse the memory of freed ones.
                    held.extend(tuple(['x%d' % i, 'y', 'z']) for i in range(100))
                    return other == 'b'
            r = Record()
            r['a'] = {Sneaky(): {'c': 42, 'z': 'the wrong path'}}
            result = r.deepget('a.b.c', 'default')
            """) == "42")
    }
}
