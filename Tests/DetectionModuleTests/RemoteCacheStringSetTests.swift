import CacheCore
import Testing

/// `add_to_string_set` and `remove_from_string_set` (DESIGN §3.1): one `str` or any iterable of
/// `str`, atomic, returning the whole set after the change as a `StringSet`.
@Suite struct RemoteCacheStringSetTests {
    let sandbox = CacheSandbox()

    @Test func addingOneStrAddsItWholeNotItsCharacters() throws {
        #expect(try sandbox.eval("(lambda s: (type(s).__name__, isinstance(s, set), sorted(s)))(c.add_to_string_set('ips', '1.1.1.1'))")
            == "('StringSet', True, ['1.1.1.1'])")
        #expect(try sandbox.eval("sorted(c['ips'])") == "['1.1.1.1']")
    }

    @Test(arguments: [
        "['8.8.8.8', '9.9.9.9', '8.8.8.8']",
        "{'8.8.8.8', '9.9.9.9'}",
        "frozenset({'8.8.8.8', '9.9.9.9'})",
        "('8.8.8.8', '9.9.9.9')",
        "(ip for ip in ['8.8.8.8', '9.9.9.9'])",
        "iter(['9.9.9.9', '8.8.8.8'])",
        "{'8.8.8.8': 1, '9.9.9.9': 2}",
    ])
    func addingAnIterableAddsEachStringAndReturnsTheWholeSet(strings: String) throws {
        try sandbox.run("c.add_to_string_set('ips', '1.1.1.1')")
        #expect(try sandbox.eval("sorted(c.add_to_string_set('ips', \(strings)))") == "['1.1.1.1', '8.8.8.8', '9.9.9.9']")
        #expect(try sandbox.eval("sorted(c['ips'])") == "['1.1.1.1', '8.8.8.8', '9.9.9.9']")
    }

    @Test func addingWithoutStringsReturnsTheCurrentSetAndChangesNothing() throws {
        // A missing key: an empty StringSet back, and still no entry.
        #expect(try sandbox.eval("(lambda s: (type(s).__name__, len(s)))(c.add_to_string_set('ips'))") == "('StringSet', 0)")
        #expect(try sandbox.eval("('ips' in c, len(c))") == "(False, 0)")
        for call in ["c.add_to_string_set('ips', None)", "c.add_to_string_set('ips', [])", "c.add_to_string_set('ips', strings=set())"] {
            #expect(try sandbox.eval("len(\(call))") == "0")
        }
        #expect(try sandbox.eval("('ips' in c, len(c))") == "(False, 0)")
        // An existing set: returned as it is, unchanged (value and expiry).
        try sandbox.run("c.add_to_string_set('ips', ['a', 'b'])")
        let stored = try sandbox.store.entries(namespace: sandbox.namespace)
        sandbox.advance(10)
        #expect(try sandbox.eval("sorted(c.add_to_string_set('ips'))") == "['a', 'b']")
        #expect(try sandbox.eval("sorted(c.add_to_string_set('ips', []))") == "['a', 'b']")
        #expect(try sandbox.store.entries(namespace: sandbox.namespace) == stored)
    }

    @Test(arguments: ["['a', 1]", "[None]", "{'a', 2}", "('a', b'b')", "5", "3.5", "object()"])
    func aNonStrMemberIsATypeErrorAndNothingIsAdded(strings: String) throws {
        try sandbox.run("c.add_to_string_set('ips', ['kept'])")
        try sandbox.expectRefused("c.add_to_string_set('ips', \(strings))", "TypeError")
        try sandbox.expectRefused("c.add_to_string_set('fresh', \(strings))", "TypeError")
        try sandbox.expectRefused("c.remove_from_string_set('ips', \(strings))", "TypeError")
        #expect(try sandbox.contents() == "{'ips': ['kept']}")
    }

    @Test func anIterableThatRaisesPartWayAddsNothing() throws {
        try sandbox.run("c.add_to_string_set('ips', 'kept')")
        try sandbox.expectRefused("""
            def members():
                yield 'new'
                raise LookupError('stopped half way')
            c.add_to_string_set('ips', members())
            """, "LookupError", containing: "stopped half way")
    }

    @Test func removingReturnsTheSetAfterTheChange() throws {
        try sandbox.run("c.add_to_string_set('ips', ['1.1.1.1', '8.8.8.8', '9.9.9.9', '4.4.4.4'])")
        #expect(try sandbox.eval("(lambda s: (type(s).__name__, sorted(s)))(c.remove_from_string_set('ips', '1.1.1.1'))")
            == "('StringSet', ['4.4.4.4', '8.8.8.8', '9.9.9.9'])")
        #expect(try sandbox.eval("sorted(c.remove_from_string_set('ips', ['8.8.8.8', 'not there']))") == "['4.4.4.4', '9.9.9.9']")
        #expect(try sandbox.eval("sorted(c.remove_from_string_set('ips', (s for s in ['4.4.4.4'])))") == "['9.9.9.9']")
        #expect(try sandbox.eval("sorted(c['ips'])") == "['9.9.9.9']")
    }

    @Test func removingTheLastMembersDeletesTheKey() throws {
        try sandbox.run("c.add_to_string_set('ips', ['1.1.1.1', '8.8.8.8']); c['other'] = 1")
        #expect(try sandbox.eval("(lambda s: (type(s).__name__, len(s)))(c.remove_from_string_set('ips', {'1.1.1.1', '8.8.8.8'}))")
            == "('StringSet', 0)")
        #expect(try sandbox.eval("(c['ips'], 'ips' in c, sorted(c))") == "(None, False, ['other'])")
        // Adding again starts a new set.
        #expect(try sandbox.eval("sorted(c.add_to_string_set('ips', 'x'))") == "['x']")
    }

    @Test func removingFromAMissingKeyIsAnEmptySetAndCreatesNothing() throws {
        #expect(try sandbox.eval("len(c.remove_from_string_set('nobody', 'x'))") == "0")
        #expect(try sandbox.eval("len(c)") == "0")
        try sandbox.expectRefused("c.remove_from_string_set('nobody')", "TypeError")
    }

    @Test(arguments: ["c['s'] = 5", "c['s'] = 'text'", "c['s'] = False", "c.increment_counter('s')"])
    func addingToOrRemovingFromAnotherKindIsATypeErrorUnchanged(assignment: String) throws {
        try sandbox.run(assignment)
        try sandbox.expectRefused("c.add_to_string_set('s', 'x')", "TypeError")
        try sandbox.expectRefused("c.add_to_string_set('s', ['x', 'y'])", "TypeError")
        try sandbox.expectRefused("c.remove_from_string_set('s', 'x')", "TypeError")
    }

    @Test func aSetOverTheSizeLimitIsRefusedUnchanged() throws {
        let first = 300 * 1024
        let rest = CacheLimits.maxValueBytes - first
        try sandbox.run("c.add_to_string_set('big', 'a' * \(first))")
        try sandbox.expectRefused("c.add_to_string_set('big', 'b' * \(rest + 1))", "ValueError")
        #expect(try sandbox.eval("sorted(len(m) for m in c.add_to_string_set('big', 'b' * \(rest)))") == "[\(rest), \(first)]")
    }
}
