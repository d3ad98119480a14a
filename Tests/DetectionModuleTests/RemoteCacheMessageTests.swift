import Testing

/// Refusals whose messages tell the author what to change (issue 11): the limit that was
/// broken, the operation that refused, the key that cannot be stored.
@Suite struct RemoteCacheMessageTests {
    let sandbox = CacheSandbox()

    @Test func aTTLPastTheLimitSaysWhatTheLimitIs() throws {
        let error = sandbox.raised("from detection import remote_cache\nremote_cache('x', ttl=2**41)")
        #expect(error?.type == "ValueError")
        #expect(error?.message.contains("2199023255552") == true, "\(error.map(\.description) ?? "")")
        #expect(error?.message.contains("from 1 to 1099511627776") == true, "\(error.map(\.description) ?? "")")
        let huge = sandbox.raised("from detection import remote_cache\nremote_cache('x', ttl=2**70)")
        #expect(huge?.type == "OverflowError")
        #expect(huge?.message.contains("1 to 1099511627776 seconds") == true, "\(huge.map(\.description) ?? "")")
    }

    @Test(arguments: ["True", "1.5", "'1'"])
    func decrementCounterSpeaksOfSubtracting(value: String) throws {
        try sandbox.expectRefused("c.decrement_counter('n', \(value))", "TypeError", containing: "decrement_counter() value")
        let error = sandbox.raised("c.decrement_counter('n', \(value))")
        #expect(error?.message.contains("add") == false, "\(error.map(\.description) ?? "")")
        try sandbox.expectRefused("c.increment_counter('n', \(value))", "TypeError", containing: "increment_counter() value")
    }

    @Test(arguments: [
        "c['\\ud800']", "c['\\ud800'] = 1", "del c['\\ud800']", "'\\ud800' in c", "c.get('\\ud800')",
        "c.increment_counter('\\ud800')", "c.add_to_string_set('a\\ud800b', 'x')",
    ])
    func aKeyWithALoneSurrogateIsAValueErrorNamingIt(code: String) throws {
        try sandbox.run("c['kept'] = 1")
        try sandbox.expectRefused(code, "ValueError", containing: "is not valid UTF-8")
        let error = sandbox.raised(code)
        #expect(error?.message.contains("\\ud800") == true, "\(error.map(\.description) ?? "")")
        #expect(error?.message.contains("invalid cache key") == true, "\(error.map(\.description) ?? "")")
    }
}
