import CacheCore
import Testing

/// Reading, assigning and deleting (DESIGN §3.1): `c[key]`, `c.get`, `c[key] = v`, `del c[key]`,
/// the live views, and `str(key)` as the key.
@Suite struct RemoteCacheValueTests {
    let sandbox = CacheSandbox()

    @Test func aMissingKeyReadsAsNoneNeverKeyError() throws {
        #expect(try sandbox.eval("(c['nobody'], c.get('nobody'), 'nobody' in c, len(c))") == "(None, None, False, 0)")
    }

    @Test func getReturnsTheValueOrTheDefault() throws {
        try sandbox.run("c['here'] = 'x'")
        #expect(try sandbox.eval("(c.get('here'), c.get('here', 7), c.get('gone', 7), c.get('gone', default=[1]))")
            == "('x', 'x', 7, [1])")
        let error = sandbox.raised("c.get()")
        #expect(error?.type == "TypeError")
    }

    @Test func eachSupportedKindRoundTripsWithItsType() throws {
        try sandbox.run("""
            c['counter'] = 42
            c['negative'] = -7
            c['big'] = 2**63 - 1
            c['small'] = -2**63
            c['text'] = 'hello é'
            c['empty text'] = ''
            c['yes'] = True
            c['no'] = False
            c['ips'] = {'1.1.1.1', '8.8.8.8'}
            c['frozen'] = frozenset(['a'])
            """)
        #expect(try sandbox.eval("[(k, type(c[k]).__name__, c[k]) for k in ('counter', 'negative', 'big', 'small', 'text', 'empty text', 'yes', 'no')]")
            == "[('counter', 'int', 42), ('negative', 'int', -7), ('big', 'int', 9223372036854775807), ('small', 'int', -9223372036854775808), ('text', 'str', 'hello é'), ('empty text', 'str', ''), ('yes', 'bool', True), ('no', 'bool', False)]")
        #expect(try sandbox.eval("(type(c['ips']).__name__, isinstance(c['ips'], set), sorted(c['ips']), sorted(c['frozen']))")
            == "('StringSet', True, ['1.1.1.1', '8.8.8.8'], ['a'])")
        // A False bool is an entry like any other.
        #expect(try sandbox.eval("('no' in c, c.get('no', 'default'))") == "(True, False)")
    }

    @Test func assigningReplacesWhateverWasThere() throws {
        try sandbox.run("c['k'] = 1")
        try sandbox.run("c['k'] = 'now a string'")
        #expect(try sandbox.eval("c['k']") == "'now a string'")
        try sandbox.run("c['k'] = {'a'}")
        #expect(try sandbox.eval("sorted(c['k'])") == "['a']")
        try sandbox.run("c['k'] = 5")
        #expect(try sandbox.eval("c['k']") == "5")
    }

    @Test(arguments: ["set()", "frozenset()", "set([])"])
    func assigningAnEmptySetDeletesTheKey(empty: String) throws {
        try sandbox.run("c['ips'] = {'1.1.1.1'}; c['other'] = 1")
        try sandbox.run("c['ips'] = \(empty)")
        #expect(try sandbox.eval("(c['ips'], 'ips' in c, len(c), list(c))") == "(None, False, 1, ['other'])")
        // And on a missing key it stores nothing.
        try sandbox.run("c['never'] = \(empty)")
        #expect(try sandbox.contents() == "{'other': 1}")
    }

    @Test(arguments: ["[1, 2]", "['a']", "{'a': 1}", "1.5", "None", "('a',)", "b'bytes'", "object()", "{1, 2}", "{'a', 2}", "frozenset([None])"])
    func anUnsupportedValueIsATypeErrorNamingTheKindsAndStoresNothing(value: String) throws {
        // Nothing stored on a missing key…
        try sandbox.expectRefused("c['fresh'] = \(value)", "TypeError")
        #expect(try sandbox.eval("'fresh' in c") == "False")
        // …and an existing entry keeps its value.
        try sandbox.run("c['kept'] = 'old'")
        try sandbox.expectRefused("c['kept'] = \(value)", "TypeError")
        #expect(try sandbox.eval("c['kept']") == "'old'")
    }

    @Test(arguments: ["[1, 2]", "{'a': 1}", "1.5", "None"])
    func theTypeErrorNamesTheSupportedKinds(value: String) throws {
        let message = try #require(sandbox.raised("c['k'] = \(value)")).message
        for kind in ["int", "str", "bool", "set"] {
            #expect(message.contains(kind), "\(message)")
        }
    }

    @Test func aCounterBeyondSixtyFourBitsIsRefusedUnchanged() throws {
        try sandbox.run("c['n'] = 5")
        try sandbox.expectRefused("c['n'] = 2**63", "OverflowError")
        try sandbox.expectRefused("c['n'] = -2**63 - 1", "OverflowError")
        try sandbox.expectRefused("c['m'] = 10**30", "OverflowError")
        #expect(try sandbox.contents() == "{'n': 5}")
    }

    @Test func deletingRemovesAndAMissingKeyIsNotAnError() throws {
        try sandbox.run("c['a'] = 1; c['b'] = 'x'")
        try sandbox.run("del c['a']")
        #expect(try sandbox.contents() == "{'b': 'x'}")
        try sandbox.run("del c['a']; del c['never there']")
        #expect(try sandbox.contents() == "{'b': 'x'}")
    }

    @Test func membershipLengthIterationKeysAndItemsShowTheLiveEntries() throws {
        try sandbox.run("c['b'] = 2; c['a'] = 'one'; c.add_to_string_set('s', ['x', 'y']); c.increment_counter('n')")
        #expect(try sandbox.eval("(len(c), sorted(c), sorted(iter(c)), sorted(c.keys()))")
            == "(4, ['a', 'b', 'n', 's'], ['a', 'b', 'n', 's'], ['a', 'b', 'n', 's'])")
        #expect(try sandbox.eval("sorted((k, sorted(v) if isinstance(v, set) else v) for k, v in c.items())")
            == "[('a', 'one'), ('b', 2), ('n', 1), ('s', ['x', 'y'])]")
        #expect(try sandbox.eval("('a' in c, 'n' in c, 's' in c, 'z' in c)") == "(True, True, True, False)")
        try sandbox.run("del c['b']")
        #expect(try sandbox.eval("(len(c), sorted(c), 'b' in c)") == "(3, ['a', 'n', 's'], False)")
    }

    @Test func otherNamespacesOnTheSameStoreAreNotListed() throws {
        try sandbox.run("c['mine'] = 1")
        try sandbox.store.put(namespace: sandbox.namespace + "-other", key: "theirs", value: .counter(1), ttl: 60)
        #expect(try sandbox.eval("(len(c), list(c), 'theirs' in c, c['theirs'])") == "(1, ['mine'], False, None)")
    }

    @Test func theKeyIsStrOfTheKeyObject() throws {
        try sandbox.run("""
            c[None] = 'none'
            c[5] = 'five'
            c[('a', 1)] = 'tuple'
            c.increment_counter(7)
            c.add_to_string_set(2.5, 'x')
            """)
        #expect(try sandbox.eval("(c['None'], c['5'], c[\"('a', 1)\"], c['7'], sorted(c['2.5']))")
            == "('none', 'five', 'tuple', 1, ['x'])")
        #expect(try sandbox.eval("(None in c, 5 in c, c.get(5), c[7], sorted(c.keys()))")
            == "(True, True, 'five', 1, [\"('a', 1)\", '2.5', '5', '7', 'None'])")
        try sandbox.run("del c[None]; del c[5]")
        #expect(try sandbox.eval("('None' in c, '5' in c)") == "(False, False)")
    }

    @Test func keysAndValuesWithinTheSizeLimits() throws {
        let limit = CacheLimits.maxValueBytes
        try sandbox.run("c['k' * 1024] = 1; c['long'] = 'v' * \(limit)")
        #expect(try sandbox.eval("(c['k' * 1024], len(c['long']))") == "(1, \(limit))")
        try sandbox.expectRefused("c['k' * 1025] = 1", "ValueError")
        try sandbox.expectRefused("c['long'] = 'v' * \(limit + 1)", "ValueError")
        try sandbox.expectRefused("c[''] = 1", "ValueError")
        try sandbox.expectRefused("c.increment_counter('k' * 1025)", "ValueError")
        #expect(try sandbox.eval("len(c['long'])") == "\(limit)")
    }
}
