import Testing

/// `increment_counter` and `decrement_counter` (DESIGN §3.1): atomic adds returning the new
/// count, a missing key starting from 0, the refusals leaving everything as it was.
@Suite struct RemoteCacheCounterTests {
    let sandbox = CacheSandbox()

    @Test func incrementStartsFromZeroAndReturnsTheNewCount() throws {
        #expect(try sandbox.eval("[c.increment_counter('n'), c.increment_counter('n'), c.increment_counter('n', 10), c.increment_counter('n', value=5)]")
            == "[1, 2, 12, 17]")
        #expect(try sandbox.eval("(c['n'], type(c['n']).__name__)") == "(17, 'int')")
    }

    @Test func decrementSubtractsAndMayGoNegative() throws {
        #expect(try sandbox.eval("[c.decrement_counter('n'), c.decrement_counter('n', 10), c.increment_counter('n', 20), c.decrement_counter('n', value=9)]")
            == "[-1, -11, 9, 0]")
        // A counter at zero is still an entry.
        #expect(try sandbox.eval("('n' in c, c['n'])") == "(True, 0)")
    }

    @Test func negativeAndZeroValuesAreAdded() throws {
        #expect(try sandbox.eval("[c.increment_counter('n', -3), c.increment_counter('n', 0), c.decrement_counter('n', -5)]")
            == "[-3, -3, 2]")
    }

    @Test func countersAssignedByHandAreIncremented() throws {
        try sandbox.run("c['n'] = 40")
        #expect(try sandbox.eval("c.increment_counter('n', 2)") == "42")
    }

    @Test(arguments: ["True", "False", "1.0", "'1'", "None", "[1]"])
    func theValueMustBeAnIntNotABool(value: String) throws {
        try sandbox.run("c['n'] = 3")
        try sandbox.expectRefused("c.increment_counter('n', \(value))", "TypeError")
        try sandbox.expectRefused("c.decrement_counter('n', \(value))", "TypeError")
        try sandbox.expectRefused("c.increment_counter('fresh', value=\(value))", "TypeError")
        #expect(try sandbox.contents() == "{'n': 3}")
    }

    @Test(arguments: ["c['s'] = 'text'", "c['s'] = True", "c['s'] = {'a'}"])
    func incrementingAnotherKindIsATypeErrorUnchanged(assignment: String) throws {
        try sandbox.run(assignment)
        try sandbox.expectRefused("c.increment_counter('s')", "TypeError")
        try sandbox.expectRefused("c.decrement_counter('s', 2)", "TypeError")
    }

    @Test func overflowPastSixtyFourBitsIsAnOverflowErrorUnchanged() throws {
        try sandbox.run("c['top'] = 2**63 - 1; c['bottom'] = -2**63; c['mid'] = 1")
        try sandbox.expectRefused("c.increment_counter('top')", "OverflowError")
        try sandbox.expectRefused("c.decrement_counter('bottom')", "OverflowError")
        try sandbox.expectRefused("c.increment_counter('mid', 2**63 - 1)", "OverflowError")
        try sandbox.expectRefused("c.decrement_counter('bottom', -(2**63))", "OverflowError")
        try sandbox.expectRefused("c.decrement_counter('mid', 2**63)", "OverflowError")
        try sandbox.expectRefused("c.increment_counter('mid', 2**64)", "OverflowError")
        try sandbox.expectRefused("c.increment_counter('fresh', 2**63)", "OverflowError")
        #expect(try sandbox.eval("'fresh' in c") == "False")
        // Right up to the limits is fine.
        #expect(try sandbox.eval("(c.increment_counter('mid', 2**63 - 2), c.decrement_counter('top', 2**63 - 1), c.increment_counter('bottom', 0))")
            == "(9223372036854775807, 0, -9223372036854775808)")
        #expect(try sandbox.eval("c.decrement_counter('new', 2**63 - 1)") == "-9223372036854775807")
        #expect(try sandbox.eval("c.decrement_counter('new')") == "-9223372036854775808")
        try sandbox.expectRefused("c.decrement_counter('new')", "OverflowError")
    }

    @Test func argumentsAreBoundAsPythonWould() throws {
        try sandbox.expectRefused("c.increment_counter()", "TypeError")
        try sandbox.expectRefused("c.increment_counter('n', 1, 2)", "TypeError")
        try sandbox.expectRefused("c.increment_counter('n', amount=1)", "TypeError")
        #expect(try sandbox.eval("c.increment_counter(key='n', value=4)") == "4")
    }
}
