import Foundation
import JSONTape

/// Bytes appended in bulk to one growable allocation: a `[UInt8]` pays a uniqueness and
/// capacity check on every append, which the output rows, built from a dozen pieces each,
/// should not pay.
struct ByteBuffer: ~Copyable {
    /// The allocation (`JSONTape`'s growable stack of trivial values), owned: freed in `deinit`.
    private var storage: RawStack<UInt8>

    var base: UnsafeMutablePointer<UInt8> { storage.base }
    private(set) var count: Int {
        get { storage.count }
        set { storage.count = newValue }
    }
    var capacity: Int { storage.capacity }

    init(capacity: Int = 1024) {
        storage = RawStack(capacity: max(capacity, 16))
    }

    deinit {
        storage.deallocate()
    }

    /// What the buffer holds, valid until the next mutation.
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: count)
    }

    var isEmpty: Bool { count == 0 }

    mutating func removeAll() {
        count = 0
    }

    /// Makes room for `extra` more bytes, doubling the allocation as needed.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        storage.reserve(extra)
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// `value` in decimal, as `String(value)` spells it.
    mutating func append(decimal value: Int) {
        reserve(20)
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let written = withUnsafeMutableBytes(of: &digits) { scratch -> Int in
            var magnitude = value.magnitude
            var index = scratch.count
            repeat {
                index -= 1
                scratch[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                index -= 1
                scratch[index] = UInt8(ascii: "-")
            }
            let length = scratch.count - index
            UnsafeMutableRawPointer(base + count).copyMemory(from: scratch.baseAddress! + index, byteCount: length)
            return length
        }
        count += written
    }

    /// `value` (UTF-8) as a JSON string: copied in runs between the bytes that need an escape
    /// (quote, backslash, control characters), which are the rare case.
    mutating func appendQuoted(_ value: UnsafeRawBufferPointer) {
        reserve(value.count + 2)
        base[count] = UInt8(ascii: "\"")
        count += 1
        if let input = value.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            var start = 0
            var ignored = false
            while start < value.count {
                let stop = jsonPlainRunEnd(input, from: start, count: value.count, nonASCII: &ignored)
                append(UnsafeRawBufferPointer(start: input + start, count: stop - start))
                guard stop < value.count else { break }
                appendEscape(input[stop])
                start = stop + 1
            }
        }
        append(UInt8(ascii: "\""))
    }

    mutating func appendQuoted(_ value: String) {
        var value = value
        value.withUTF8 { appendQuoted(UnsafeRawBufferPointer($0)) }
    }

    private mutating func appendEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        default:
            let hex: StaticString = "0123456789abcdef"
            append("\\u00")
            append(hex.utf8Start[Int(byte >> 4)])
            append(hex.utf8Start[Int(byte & 0xF)])
        }
    }

    /// Valid JSON text on one line: the input as it is when it has no line breaks (JSON Lines),
    /// else with the whitespace between tokens removed (a pretty-printed array element), so
    /// that the output stays one JSON object per line. Strings are kept byte for byte.
    mutating func appendSingleLine(_ json: UnsafeRawBufferPointer) {
        guard Self.hasLineBreak(json), let input = json.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            return append(json)
        }
        reserve(json.count)
        let end = json.count
        var index = 0
        var ignored = false
        while index < end {
            let byte = input[index]
            guard byte == UInt8(ascii: "\"") else {
                if !isJSONWhitespace(byte) {
                    base[count] = byte
                    count += 1
                }
                index += 1
                continue
            }
            // A string, copied whole: to its closing quote, stepping over escapes.
            let start = index
            index += 1
            while index < end {
                index = jsonPlainRunEnd(input, from: index, count: end, nonASCII: &ignored)
                guard index < end else { break }
                if input[index] == UInt8(ascii: "\"") {
                    index += 1
                    break
                }
                index += input[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            index = min(index, end)
            UnsafeMutableRawPointer(base + count).copyMemory(from: input + start, byteCount: index - start)
            count += index - start
        }
    }

    /// Whether `bytes` holds a `\n` or `\r`: memchr, the C library's vectorised search, is
    /// several times faster than a loop here even when it runs twice.
    static func hasLineBreak(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let raw = bytes.baseAddress else { return false }
        return memchr(raw, 0x0A, bytes.count) != nil || memchr(raw, 0x0D, bytes.count) != nil
    }
}
