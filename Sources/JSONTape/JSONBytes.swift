// Byte-level questions about JSON text, shared by `JSONTape` (on the reader thread), the parser
// in PythonBridge (under the GIL) and the engine's framers.

/// What Python's `json` counts as whitespace: space, tab, newline, carriage return.
@inlinable @inline(__always)
package func isJSONWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
}

@inlinable @inline(__always)
package func isJSONDigit(_ byte: UInt8) -> Bool {
    byte &- UInt8(ascii: "0") < 10
}

/// The index of the first `"`, `\` or control character at or after `start` in the `count` bytes
/// at `input` (or `count`), noting in `nonASCII` whether a byte of 0x80 or above came before it.
///
/// Eight bytes at a time, and branch-free within the word that holds the stop: the lowest flagged
/// byte of the classic "has a zero byte" and "has a byte below n" tests is exact (only bytes above
/// the first match can be flagged falsely), so its bit position is the stop.
@inlinable @inline(__always)
package func jsonPlainRunEnd(_ input: UnsafePointer<UInt8>, from start: Int, count: Int, nonASCII: inout Bool) -> Int {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highBits: UInt64 = 0x8080_8080_8080_8080
    let raw = UnsafeRawPointer(input)
    var index = start
    var seen: UInt64 = 0
    while index + 8 <= count {
        let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let special = (((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes) | ((word &- ones &* 0x20) & ~word)) & highBits
        if special != 0 {
            let offset = special.trailingZeroBitCount &>> 3
            // The bytes before the stop, for the non-ASCII note.
            seen |= word & ((1 &<< UInt64(offset &* 8)) &- 1)
            if seen & highBits != 0 { nonASCII = true }
            return index + offset
        }
        seen |= word
        index += 8
    }
    while index < count {
        let byte = input[index]
        if byte == 0x22 || byte == 0x5C || byte < 0x20 { break }
        seen |= UInt64(byte)
        index += 1
    }
    if seen & highBits != 0 { nonASCII = true }
    return index
}
