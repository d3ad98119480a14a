/// The hash by which `JSONStringMemo` (in PythonBridge) finds a short string it has seen before.
/// It lives here, without the memo, because `JSONTape` computes it on the reader thread, where
/// there is no Python: the decoder then looks the string up without hashing it again.
package enum JSONStringHash {
    /// Strings longer than this (in UTF-8 bytes) are not memoized, so not hashed: long strings
    /// rarely repeat.
    package static let maxLength = 32

    /// The memo hash of the string at `start..<start + length` of `input` (which holds `count`
    /// bytes; `length` at most `maxLength`).
    @inlinable @inline(__always)
    package static func hash(_ input: UnsafePointer<UInt8>, start: Int, length: Int, count: Int) -> UInt64 {
        hash(words(input, start: start, length: length, count: count), length: length)
    }

    /// The string's bytes as four zero-padded little-endian words: what the memo stores and
    /// compares, and what `hash` mixes.
    @inlinable @inline(__always)
    package static func words(_ input: UnsafePointer<UInt8>, start: Int, length: Int, count: Int) -> (UInt64, UInt64, UInt64, UInt64) {
        var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        if start + 32 <= count {
            // Whole words, then the bytes past the string masked off.
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
        return buffer
    }

    /// The hash of a string's `words` (from `words(_:start:length:count:)`).
    @inlinable @inline(__always)
    package static func hash(_ buffer: (UInt64, UInt64, UInt64, UInt64), length: Int) -> UInt64 {
        let multiplier: UInt64 = 0xFF51_AFD7_ED55_8CCD
        var hash = (buffer.0 &* 0x9E37_79B9_7F4A_7C15) ^ (buffer.1 &* 0xC2B2_AE3D_27D4_EB4F)
        hash ^= (buffer.2 &* 0x1656_67B1_9E37_79F9) ^ (buffer.3 &* 0x27D4_EB2F_1656_67C5) ^ UInt64(length)
        hash = (hash ^ (hash >> 32)) &* multiplier
        hash ^= hash >> 29
        return hash
    }

    /// A mask keeping the first `bytes` bytes of a little-endian word (none for 0 or less).
    @inlinable @inline(__always)
    static func mask(_ bytes: Int) -> UInt64 {
        if bytes >= 8 { return ~0 }
        if bytes <= 0 { return 0 }
        return (1 << (UInt64(bytes) * 8)) &- 1
    }
}
