/// Alert ids in the text form of a random UUID (version 4, lower case), made without a system
/// call per id: seeded once from the system's random source, then derived from a counter.
///
/// The first half is SplitMix64 of the counter (random-looking); the last 62 bits are a
/// bijection of the counter on 62 bits, so no two ids of one generator are ever equal, and
/// generators seeded apart give unrelated ids.
struct AlertIDGenerator {
    private var counter: UInt64 = 0
    private let highSeed: UInt64
    private let lowSeed: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        self.init(seed: (system.next(), system.next()))
    }

    init(seed: (UInt64, UInt64)) {
        highSeed = seed.0
        lowSeed = seed.1
    }

    /// The next id's 128 bits, version and variant set.
    mutating func nextBits() -> (high: UInt64, low: UInt64) {
        counter &+= 1
        var high = Self.splitMix(highSeed &+ counter &* 0x9E37_79B9_7F4A_7C15)
        high = (high & ~0xF000) | 0x4000
        let low = Self.mix62(counter ^ lowSeed) | 0x8000_0000_0000_0000
        return (high, low)
    }

    /// The next id as `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
    mutating func next() -> String {
        let (high, low) = nextBits()
        return Self.uuidText(high: high, low: low)
    }

    /// 128 bits in the text form of a UUID, lower case.
    static func uuidText(high: UInt64, low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 36) { text in
            let digits: StaticString = "0123456789abcdef"
            var index = 0
            func put(_ value: UInt64, nibbles: Int, from shift: Int) {
                for nibble in 0..<nibbles {
                    text[index] = digits.utf8Start[Int((value >> UInt64(shift - 4 * nibble)) & 0xF)]
                    index += 1
                }
            }
            put(high, nibbles: 8, from: 60)
            text[index] = UInt8(ascii: "-"); index += 1
            put(high, nibbles: 4, from: 28)
            text[index] = UInt8(ascii: "-"); index += 1
            put(high, nibbles: 4, from: 12)
            text[index] = UInt8(ascii: "-"); index += 1
            put(low, nibbles: 4, from: 60)
            text[index] = UInt8(ascii: "-"); index += 1
            put(low, nibbles: 12, from: 44)
            return index
        }
    }

    private static func splitMix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A bijection on the low 62 bits (the top two are dropped): xor-shifts and odd multipliers,
    /// each invertible modulo 2^62.
    private static func mix62(_ value: UInt64) -> UInt64 {
        let mask: UInt64 = (1 << 62) - 1
        var z = value & mask
        z = ((z ^ (z >> 31)) &* 0xBF58_476D_1CE4_E5B9) & mask
        z = ((z ^ (z >> 29)) &* 0x94D0_49BB_1331_11EB) & mask
        return z ^ (z >> 32)
    }
}
