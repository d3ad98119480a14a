import CPython

/// Object keys seen before, found by their raw bytes, so that a repeated key costs a hash and a
/// compare instead of a new `str`.
///
/// This is the `memo` of CPython's `Modules/_json.c` with two differences: it is consulted before
/// the string is made (`_json.c` makes the string and then looks it up), and it lives as long as
/// the decoder, so the keys of one JSON Lines file are shared across all its records. Memoized
/// keys are interned, so a detection's literal `record["eventName"]` finds its key by identity.
///
/// An open-addressing table in manually managed memory: no Swift allocation or ARC per lookup.
/// Each slot is one cache line holding the key's bytes, so a lookup reads one line and compares
/// four words. It holds one reference to each key. When it is full it is emptied and refills with
/// the keys in use, which bounds it for inputs with unbounded key sets (maps keyed by ids).
struct JSONKeyMemo {
    /// Keys longer than this (in UTF-8 bytes) are not memoized: long keys rarely repeat.
    static let maxKeyLength = 32
    private static let slotCount = 1024
    /// At most half the slots are used, which keeps probe sequences short.
    private static let maxEntries = slotCount / 2

    /// A key's raw bytes (at most `maxKeyLength`) as four zero-padded words, and its hash.
    struct KeyBytes {
        var words: (UInt64, UInt64, UInt64, UInt64)
        var length: Int
        var hash: UInt64
    }

    /// One cache line (64 bytes, with the table aligned to 64).
    private struct Slot {
        var key: KeyBytes
        /// An owned reference; nil marks an empty slot.
        var object: PyObjectPointer?
        var padding: UInt64 = 0
    }

    private let slots: UnsafeMutablePointer<Slot>
    private(set) var count = 0

    init() {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<Slot>.stride * Self.slotCount, alignment: 64)
        slots = raw.bindMemory(to: Slot.self, capacity: Self.slotCount)
        assert(MemoryLayout<Slot>.stride == 64)
        let empty = Slot(key: KeyBytes(words: (0, 0, 0, 0), length: 0, hash: 0), object: nil)
        slots.initialize(repeating: empty, count: Self.slotCount)
    }

    /// Releases every key (the GIL must be held) and frees the table.
    mutating func deallocate() {
        removeAll()
        UnsafeMutableRawPointer(slots).deallocate()
    }

    /// The bytes `start..<start + length` of `input` (which holds `count` bytes; `length` at most
    /// `maxKeyLength`) as words, with their hash.
    @inline(__always)
    static func keyBytes(_ input: UnsafePointer<UInt8>, start: Int, length: Int, count: Int) -> KeyBytes {
        var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        if start + 32 <= count {
            // Whole words, then the bytes past the key masked off.
            let raw = UnsafeRawPointer(input + start)
            buffer = (
                raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self) & mask(length),
                raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & mask(length - 8),
                raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self) & mask(length - 16),
                raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self) & mask(length - 24)
            )
        } else {
            // Near the end of the input: copy byte by byte rather than read past it.
            withUnsafeMutableBytes(of: &buffer) { words in
                for index in 0..<length { words[index] = input[start + index] }
            }
        }
        let multiplier: UInt64 = 0xFF51_AFD7_ED55_8CCD
        var hash = (buffer.0 &* 0x9E37_79B9_7F4A_7C15) ^ (buffer.1 &* 0xC2B2_AE3D_27D4_EB4F)
        hash ^= (buffer.2 &* 0x1656_67B1_9E37_79F9) ^ (buffer.3 &* 0x27D4_EB2F_1656_67C5) ^ UInt64(length)
        hash = (hash ^ (hash >> 32)) &* multiplier
        hash ^= hash >> 29
        return KeyBytes(words: buffer, length: length, hash: hash)
    }

    /// A mask keeping the first `bytes` bytes of a little-endian word (none for 0 or less).
    @inline(__always)
    private static func mask(_ bytes: Int) -> UInt64 {
        if bytes >= 8 { return ~0 }
        if bytes <= 0 { return 0 }
        return (1 << (UInt64(bytes) * 8)) &- 1
    }

    /// The memoized key for these bytes, borrowed; nil when they have not been seen.
    @inline(__always)
    func lookup(_ key: KeyBytes) -> PyObjectPointer? {
        let mask = Self.slotCount - 1
        var index = Int(truncatingIfNeeded: key.hash) & mask
        while true {
            let slot = slots[index]
            guard let object = slot.object else { return nil }
            if slot.key.hash == key.hash, slot.key.length == key.length, slot.key.words == key.words {
                return object
            }
            index = (index + 1) & mask
        }
    }

    /// Memoizes `object` (borrowed; the memo takes its own reference) as the `str` that the raw
    /// bytes `key` decode to.
    mutating func insert(_ object: PyObjectPointer, for key: KeyBytes) {
        if count >= Self.maxEntries { removeAll() }
        let mask = Self.slotCount - 1
        var index = Int(truncatingIfNeeded: key.hash) & mask
        while slots[index].object != nil { index = (index + 1) & mask }
        CPy_INCREF(object)
        slots[index] = Slot(key: key, object: object)
        count += 1
    }

    /// Releases every key (the GIL must be held).
    mutating func removeAll() {
        guard count > 0 else { return }
        for index in 0..<Self.slotCount {
            if let object = slots[index].object {
                slots[index].object = nil
                CPy_DECREF(object)
            }
        }
        count = 0
    }
}
