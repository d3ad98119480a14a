import Testing

/// Expiry (DESIGN §3.1): set when an entry is created or assigned, never extended by increments
/// or adds (a fixed window), invisible once passed, restarting afresh. The clock is a
/// `ManualClock` moved from Swift between snippets: no sleeping.
@Suite struct RemoteCacheExpiryTests {
    let sandbox = CacheSandbox(ttl: 100)

    /// Runs each step's code when the clock reads `at` seconds after the start, and expects the
    /// `repr` of its value (`expected` nil: a statement, run for its effect).
    func timeline(_ steps: [(at: Double, code: String, expected: String?)], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let start = sandbox.clock.now()
        for step in steps {
            sandbox.clock.set(start + step.at)
            if let expected = step.expected {
                #expect(try sandbox.eval(step.code) == expected, "at \(step.at): \(step.code)", sourceLocation: sourceLocation)
            } else {
                try sandbox.run(step.code)
            }
        }
    }

    @Test func anAssignedEntryLivesForTheHandlesTTL() throws {
        try timeline([
            (0, "c['k'] = 'v'; c['n'] = 1; c['b'] = True; c['s'] = {'x'}", nil),
            (99, "(c['k'], c['n'], c['b'], sorted(c['s']), len(c))", "('v', 1, True, ['x'], 4)"),
            (101, "(c['k'], c['n'], c['b'], c['s'], c.get('k', 'default'), len(c))", "(None, None, None, None, 'default', 0)"),
        ])
    }

    @Test func expiredEntriesAreInvisibleToEveryCall() throws {
        try timeline([
            (0, "c['old'] = 1", nil),
            (50, "c['young'] = 2", nil),
            (110, "('old' in c, 'young' in c, len(c), list(c), list(iter(c)), list(c.keys()), list(c.items()), c['old'], c.get('old', 'gone'))",
             "(False, True, 1, ['young'], ['young'], ['young'], [('young', 2)], None, 'gone')"),
            // Deleting an expired entry is as quiet as deleting a missing one.
            (110, "del c['old']", nil),
            (110, "sorted(c.items())", "[('young', 2)]"),
        ])
    }

    @Test func incrementsDoNotExtendTheWindow() throws {
        try timeline([
            (0, "c.increment_counter('n')", "1"),
            (60, "c.increment_counter('n', 5)", "6"),
            (99, "c.decrement_counter('n')", "5"),
            (101, "c['n']", "None"),
        ])
    }

    @Test func aCounterRestartsFromZeroAfterExpiryWithAWindowOfItsOwn() throws {
        try timeline([
            (0, "c.increment_counter('n', 41)", "41"),
            (101, "c.increment_counter('n')", "1"),
            (200, "c['n']", "1"),
            (202, "c.decrement_counter('n')", "-1"),
        ])
    }

    @Test func addsDoNotExtendTheWindowAndAnExpiredSetStartsAfresh() throws {
        try timeline([
            (0, "sorted(c.add_to_string_set('ips', 'a'))", "['a']"),
            (60, "sorted(c.add_to_string_set('ips', 'b'))", "['a', 'b']"),
            (99, "sorted(c.remove_from_string_set('ips', 'a'))", "['b']"),
            (101, "(c['ips'], len(c.remove_from_string_set('ips', 'b')), len(c.add_to_string_set('ips')), 'ips' in c)", "(None, 0, 0, False)"),
            (101, "sorted(c.add_to_string_set('ips', 'c'))", "['c']"),
        ])
    }

    @Test func assignmentResetsTheWindow() throws {
        try timeline([
            (0, "c['k'] = 1", nil),
            (60, "c['k'] = 2", nil),
            (120, "c['k']", "2"),
            (159, "c.increment_counter('k')", "3"),
            (161, "c['k']", "None"),
        ])
    }

    @Test func anOperationOnAnExpiredEntryOfAnotherKindStartsAfresh() throws {
        try timeline([
            (0, "c['was text'] = 'x'; c['was counter'] = 7; c['was set'] = {'a'}", nil),
            (101, "(c.increment_counter('was text'), sorted(c.add_to_string_set('was counter', 'b')), c.decrement_counter('was set'))",
             "(1, ['b'], -1)"),
        ])
    }

    @Test func twoHandlesShareTheDataButEachKeepsItsOwnTTL() throws {
        // c has a ttl of 100, d of 1000, on the same namespace and store.
        let start = sandbox.clock.now()
        try sandbox.run("c['short'] = 1; d['long'] = 1; c.increment_counter('shared')", secondTTL: 1000)
        #expect(try sandbox.eval("(d['short'], c['long'], d.increment_counter('shared'))", secondTTL: 1000) == "(1, 1, 2)")
        sandbox.clock.set(start + 150)
        #expect(try sandbox.eval("(d['short'], c['long'], d['shared'], sorted(d))", secondTTL: 1000) == "(None, 1, None, ['long'])")
        // An assignment through d gives the entry d's ttl.
        try sandbox.run("d['short'] = 2", secondTTL: 1000)
        sandbox.clock.set(start + 650)
        #expect(try sandbox.eval("(c['short'], c['long'])") == "(2, 1)")
        sandbox.clock.set(start + 1050)
        #expect(try sandbox.eval("(c['short'], c['long'])") == "(2, None)")
    }
}
