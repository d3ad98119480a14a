import CPython
import JSONTape

/// Short strings seen before, found by their raw bytes, so that a repeated string costs a hash
/// and a compare instead of a new `str` (and, later, freeing it).
///
/// This is the `memo` of CPython's `Modules/_json.c` with three differences: it is consulted
/// before the string is made (`_json.c` makes the string and then looks it up), it lives as long
/// as the decoder, so the strings of one JSON Lines file are shared across all its records, and a
/// decoder keeps one for keys and one for values. Log records repeat most of their short values
/// (`"success"`, a region, an account id, an event type) as much as their keys; `str` is
/// immutable, so sharing one object between records is invisible to a detection.
///
/// A two-way set-associative cache in manually managed memory: no Swift allocation or ARC per
/// lookup, and a bounded size whatever the input. Each slot is one cache line holding the
/// string's bytes, so a probe reads one line and compares four words. A new string enters the
/// second slot of its pair and moves to the first when it is seen again: strings that never
/// repeat (ids, timestamps) churn through second slots while the ones that do repeat stay, and
/// two hot strings whose hashes collide do not evict each other on every record. It holds one
/// reference to each string.
struct JSONStringMemo {
    /// A string's raw bytes (at most `JSONStringHash.maxLength`) as four zero-padded words, and
    /// their hash.
    struct Bytes {
        var words: (UInt64, UInt64, UInt64, UInt64)
        var length: Int
        var hash: UInt64
    }

    /// One cache line (64 bytes, with the table aligned to 64).
    private struct Slot {
        var bytes: Bytes
        /// An owned reference; nil marks an empty slot.
        var object: PyObjectPointer?
        var padding: UInt64 = 0
    }

    private let slots: UnsafeMutablePointer<Slot>
    private let slotCount: Int

    /// - Parameter slotCount: a power of two, at least 2. Measured on the benchmark corpus: fewer
    ///   slots make colliding hot strings evict each other (each miss makes, and for keys interns,
    ///   a new `str`); many more only spread the lookups over more cache lines.
    init(slotCount: Int) {
        precondition(slotCount >= 2 && slotCount & (slotCount - 1) == 0, "slotCount must be a power of two, at least 2")
        self.slotCount = slotCount
        let raw = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<Slot>.stride * slotCount, alignment: 64)
        slots = raw.bindMemory(to: Slot.self, capacity: slotCount)
        assert(MemoryLayout<Slot>.stride == 64)
        let empty = Slot(bytes: Bytes(words: (0, 0, 0, 0), length: 0, hash: 0), object: nil)
        slots.initialize(repeating: empty, count: slotCount)
    }

    /// Releases every string (the GIL must be held) and frees the table.
    mutating func deallocate() {
        removeAll()
        UnsafeMutableRawPointer(slots).deallocate()
    }

    /// The bytes `start..<start + length` of `input` (which holds `count` bytes; `length` at most
    /// `JSONStringHash.maxLength`) as words, with their hash: `hash` when the caller has it
    /// already (from `JSONTape`, which computes it off the GIL), else computed here.
    @inline(__always)
    static func bytes(_ input: UnsafePointer<UInt8>, start: Int, length: Int, count: Int, hash known: UInt64? = nil) -> Bytes {
        let words = JSONStringHash.words(input, start: start, length: length, count: count)
        return Bytes(words: words, length: length, hash: known ?? JSONStringHash.hash(words, length: length))
    }

    /// The first of the two slots (one pair of adjacent cache lines) that may hold `bytes`.
    @inline(__always)
    private func pairIndex(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash) & (slotCount - 2)
    }

    @inline(__always)
    private func holds(_ index: Int, _ bytes: Bytes) -> PyObjectPointer? {
        let slot = slots[index]
        guard let object = slot.object, slot.bytes.hash == bytes.hash, slot.bytes.length == bytes.length,
              slot.bytes.words == bytes.words else { return nil }
        return object
    }

    /// Asks the processor to fetch the slots a string with this hash would be in.
    @inline(__always)
    func prefetch(hash: UInt64) {
        CPy_Prefetch(slots + pairIndex(hash))
    }

    /// The memoized string for these bytes, borrowed; nil when they are not in the memo. A hit
    /// in the second slot of a pair swaps it into the first.
    @inline(__always)
    mutating func lookup(_ bytes: Bytes) -> PyObjectPointer? {
        let first = pairIndex(bytes.hash)
        if let object = holds(first, bytes) { return object }
        guard let object = holds(first + 1, bytes) else { return nil }
        let promoted = slots[first + 1]
        slots[first + 1] = slots[first]
        slots[first] = promoted
        return object
    }

    /// Memoizes `object` (borrowed; the memo takes its own reference) as the `str` that the raw
    /// `bytes` decode to, in the second slot of its pair, releasing what that slot held. The GIL
    /// must be held.
    @inline(__always)
    mutating func insert(_ object: PyObjectPointer, for bytes: Bytes) {
        let second = pairIndex(bytes.hash) + 1
        let evicted = slots[second].object
        CPy_INCREF(object)
        slots[second] = Slot(bytes: bytes, object: object)
        if let evicted { CPy_DECREF(evicted) }
    }

    /// Releases every string (the GIL must be held).
    mutating func removeAll() {
        for index in 0..<slotCount {
            if let object = slots[index].object {
                slots[index].object = nil
                CPy_DECREF(object)
            }
        }
    }
}
