import Testing

/// `detection.StringSet` (DESIGN §3.3): a `set` whose `-`, `|`, `&`, `^` and their reflected
/// forms count `None` as the empty set, which the published example `curr_ips - prev_ips` needs.
@Suite struct StringSetTests {
    let sandbox = CacheSandbox()

    /// Binds `s` to the StringSet {'a', 'b'} the cache returns, then evaluates `expression` as
    /// `(type name, sorted members)`.
    func combine(_ expression: String) throws -> String {
        try #require(try sandbox.run("""
            s = c.add_to_string_set('ips', ['a', 'b'])
            r = \(expression)
            result = (type(r).__name__, isinstance(r, set), sorted(r))
            """))
    }

    @Test func itIsASetSubclass() throws {
        #expect(try sandbox.run("""
            from detection import StringSet
            s = c.add_to_string_set('ips', 'a')
            result = (type(s) is StringSet, isinstance(s, set), issubclass(StringSet, set), s == {'a'}, bool(s), bool(StringSet()))
            """) == "(True, True, True, True, True, False)")
    }

    @Test(arguments: [
        ("s - None", "['a', 'b']"),
        ("None - s", "[]"),
        ("s | None", "['a', 'b']"),
        ("None | s", "['a', 'b']"),
        ("s & None", "[]"),
        ("None & s", "[]"),
        ("s ^ None", "['a', 'b']"),
        ("None ^ s", "['a', 'b']"),
    ])
    func noneCountsAsTheEmptySet(expression: String, members: String) throws {
        #expect(try combine(expression) == "('StringSet', True, \(members))")
    }

    @Test(arguments: [
        ("s - {'a'}", "['b']"),
        ("s | {'c'}", "['a', 'b', 'c']"),
        ("s & {'b', 'c'}", "['b']"),
        ("s ^ {'b', 'c'}", "['a', 'c']"),
        ("s - frozenset({'b'})", "['a']"),
        ("s - s", "[]"),
        // A plain set on the left.
        ("{'a', 'c'} - s", "['c']"),
        ("{'c'} | s", "['a', 'b', 'c']"),
        ("{'b', 'c'} & s", "['b']"),
        ("{'b', 'c'} ^ s", "['a', 'c']"),
    ])
    func withSetsItBehavesAsASet(expression: String, members: String) throws {
        let result = try combine(expression)
        #expect(result.hasSuffix("True, \(members))"), "\(expression) gave \(result)")
    }

    @Test func resultsChainWithNone() throws {
        #expect(try combine("(s - None) | None") == "('StringSet', True, ['a', 'b'])")
        #expect(try combine("None - (None | s)") == "('StringSet', True, [])")
    }

    @Test func thePublishedNewAddressExampleWorksForAFirstTimeUser() throws {
        #expect(try sandbox.run("""
            prev_ips = c['alice']
            curr_ips = c.add_to_string_set('alice', '10.0.0.1')
            new_ips = curr_ips - prev_ips
            first = (prev_ips, sorted(new_ips), bool(curr_ips and new_ips))
            prev_ips = c['alice']
            curr_ips = c.add_to_string_set('alice', '10.0.0.1')
            new_ips = curr_ips - prev_ips
            result = (first, sorted(new_ips), bool(curr_ips and new_ips))
            """) == "((None, ['10.0.0.1'], True), [], False)")
    }

    @Test(arguments: ["s - 5", "s | 'ab'", "s & [1]", "5 ^ s", "s - {'a': 1}"])
    func otherOperandsAreStillTypeErrors(expression: String) throws {
        let error = sandbox.raised("s = c.add_to_string_set('ips', ['a', 'b'])\n\(expression)")
        #expect(error?.type == "TypeError", "\(expression) raised \(error.map(\.description) ?? "nothing")")
    }

    @Test func aStringSetMadeByHandWorksToo() throws {
        #expect(try sandbox.run("""
            from detection import StringSet
            r = StringSet(['x', 'y']) - None
            result = (type(r).__name__, sorted(r), sorted(None | StringSet({'z'})))
            """) == "('StringSet', ['x', 'y'], ['z'])")
    }
}
