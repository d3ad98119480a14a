import CacheCore
import Testing

/// `CacheLimits` at its edges: sizes are UTF-8 bytes, not characters.
@Suite struct CacheLimitsTests {
    @Test(arguments: [1, 1024])
    func keysWithinTheLimitPass(bytes: Int) throws {
        try CacheLimits.check(key: String(repeating: "k", count: bytes))
        try CacheLimits.check(namespace: String(repeating: "n", count: bytes))
    }

    @Test(arguments: [0, 1025])
    func keysOutsideTheLimitAreRefused(bytes: Int) {
        #expect(throws: CacheError.self) { try CacheLimits.check(key: String(repeating: "k", count: bytes)) }
        #expect(throws: CacheError.self) { try CacheLimits.check(namespace: String(repeating: "n", count: bytes)) }
    }

    @Test func multiByteCharactersCountInBytes() throws {
        // "€" is three UTF-8 bytes: 341 of them are 1023 bytes, 342 are 1026.
        try CacheLimits.check(key: String(repeating: "€", count: 341) + "k")
        #expect(throws: CacheError.self) { try CacheLimits.check(key: String(repeating: "€", count: 342)) }
        // 1024 characters, but 2048 bytes.
        #expect(throws: CacheError.self) { try CacheLimits.check(namespace: String(repeating: "é", count: 1024)) }
    }

    @Test func ttlBounds() throws {
        try CacheLimits.check(ttl: 1)
        try CacheLimits.check(ttl: CacheLimits.maxTTL)
        for ttl in [0, -1, CacheLimits.maxTTL + 1] {
            #expect(throws: CacheError.invalidTTL(ttl)) { try CacheLimits.check(ttl: ttl) }
        }
    }

    @Test func valueSizes() throws {
        let limit = CacheLimits.maxValueBytes
        try CacheLimits.check(value: .string(String(repeating: "v", count: limit)), key: "k")
        #expect(throws: CacheError.valueTooLarge(key: "k", bytes: limit + 1)) {
            try CacheLimits.check(value: .string(String(repeating: "v", count: limit - 1) + "é"), key: "k")
        }
        #expect(CacheLimits.size(of: .stringSet(["ab", "ü"])) == 4)
        #expect(throws: CacheError.self) { try CacheLimits.check(value: .stringSet(["a", ""]), key: "k") }
    }

    @Test func expiryRoundsNowDown() {
        #expect(CacheLimits.expiry(now: 100.9, ttl: 10) == 110)
        #expect(CacheEntry(key: "k", value: .bool(true), expiresAt: 110).isLive(at: 109.99))
        #expect(!CacheEntry(key: "k", value: .bool(true), expiresAt: 110).isLive(at: 110))
    }
}
