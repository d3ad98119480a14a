/// The structure of one JSON document, found without Python: what `JSONRecordDecoder` would
/// otherwise find while it builds objects under the GIL. The engine's reader thread scans each
/// record into a tape while the Python thread is busy with earlier ones, so that the Python
/// thread only makes objects: with two cores, scanning, validating and hashing overlap with
/// detection.
///
/// A tape covers only the plain, common case: strings without escapes, numbers in their usual
/// form, `true`/`false`/`null`, and nothing after the value but whitespace. For anything else
/// (an escape, `NaN`, a syntax error, a byte order mark...) `scan` gives up, and the decoder
/// parses that document itself, with every rule and error message of `json.loads`. A tape is
/// therefore never needed for correctness: with or without one, a document decodes the same.
///
/// Entries are in document order: open and close entries for containers (the close carries the
/// item count, so containers are made presized), one entry per key and per value. A tape holds
/// the entries of many documents (a batch of records), each found by the index `scan` returns.
/// One thread at a time: the reader thread fills it, then hands it over whole.
public final class JSONTape: @unchecked Sendable {
    // @unchecked: written by one thread, then only read by another after a hand-over through a
    // lock (the engine's input queue).
    public struct Entry: Sendable, BitwiseCopyable {
        public enum Kind: UInt8, Sendable, BitwiseCopyable {
            case openObject, openArray, closeObject, closeArray
            case key, string
            /// An integer of at most 18 digits; `payload` is its value.
            case int
            /// Any other number (a float, a long integer): the decoder converts its text.
            case number
            case null, `true`, `false`
        }

        /// Strings: the memo hash (when `memoHashed`); `int`: the value's bit pattern.
        public var payload: UInt64
        /// Strings: the first character after the quote; numbers: the first character;
        /// containers: the bracket.
        public var offset: UInt32
        /// Strings: the length in bytes; numbers: the text's length; closes: the item count
        /// (pairs for objects).
        public var length: UInt32
        public var kind: Kind
        /// Strings: whether a byte is 0x80 or above (the decoder then checks the UTF-8).
        public var nonASCII: Bool
        /// Strings: whether `payload` holds the memo hash (short strings).
        public var memoHashed: Bool
    }

    private var entryStack = RawStack<Entry>(capacity: 4096)
    private var open = RawStack<Scanner.OpenContainer>(capacity: 32)

    public init() {}

    deinit {
        entryStack.deallocate()
        open.deallocate()
    }

    /// Every entry so far, valid until the next `scan`.
    public var entries: UnsafeBufferPointer<Entry> {
        UnsafeBufferPointer(start: entryStack.base, count: entryStack.count)
    }

    /// The memory the tape holds, in bytes (its buffers' capacity, not only what is in use): what
    /// the engine's input queue counts against its read-ahead limit.
    package var allocatedBytes: Int {
        entryStack.capacity * MemoryLayout<Entry>.stride + open.capacity * MemoryLayout<Scanner.OpenContainer>.stride
    }

    /// Appends the entries of the document in `bytes` and returns the index of its first entry;
    /// nil when the document is not plain (see above), with nothing appended.
    public func scan(_ bytes: UnsafeRawBufferPointer) -> Int? {
        // The scan works on a local copy of the stacks' handles: a struct on the stack needs no
        // run-time exclusivity checks, which a class's stored properties get on every push.
        var scanner = Scanner(entryStack: entryStack, open: open)
        defer {
            entryStack = scanner.entryStack
            open = scanner.open
        }
        let first = scanner.entryStack.count
        guard let base = bytes.baseAddress, bytes.count < Int(UInt32.max),
              scanner.scanDocument(base.assumingMemoryBound(to: UInt8.self), count: bytes.count) else {
            scanner.entryStack.count = first
            scanner.open.count = 0
            return nil
        }
        return first
    }
}

private struct Scanner {
    typealias Entry = JSONTape.Entry

    /// An open container while scanning.
    struct OpenContainer: BitwiseCopyable {
        /// The index of its open entry.
        var entry: Int
        var items: UInt32
        var isObject: Bool
    }

    var entryStack: RawStack<Entry>
    var open: RawStack<OpenContainer>

    @inline(__always)
    private func skipWhitespace(_ input: UnsafePointer<UInt8>, count: Int, _ position: inout Int) {
        while position < count, isJSONWhitespace(input[position]) { position += 1 }
    }

    mutating func scanDocument(_ input: UnsafePointer<UInt8>, count: Int) -> Bool {
        var position = 0
        skipWhitespace(input, count: count, &position)
        while true {
            // A value at `position`.
            guard position < count else { return false }
            switch input[position] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = input[position] == UInt8(ascii: "{")
                open.push(OpenContainer(entry: entryStack.count, items: 0, isObject: isObject))
                append(isObject ? .openObject : .openArray, offset: position)
                position += 1
                skipWhitespace(input, count: count, &position)
                if position < count, input[position] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    position += 1
                    close(isObject: isObject)
                } else {
                    // The first key (scanKey leaves `position` at its value), or the first item.
                    if isObject, !scanKey(input, count: count, position: &position) { return false }
                    continue
                }
            case UInt8(ascii: "\""):
                guard scanString(input, count: count, position: &position, kind: .string) else { return false }
            case UInt8(ascii: "t"):
                guard literal(input, count: count, at: position, "true") else { return false }
                append(.true, offset: position)
                position += 4
            case UInt8(ascii: "f"):
                guard literal(input, count: count, at: position, "false") else { return false }
                append(.false, offset: position)
                position += 5
            case UInt8(ascii: "n"):
                guard literal(input, count: count, at: position, "null") else { return false }
                append(.null, offset: position)
                position += 4
            default:
                guard scanNumber(input, count: count, position: &position) else { return false }
            }
            // A value is complete: the delimiters after it, closing containers as they end.
            while true {
                guard open.count > 0 else {
                    skipWhitespace(input, count: count, &position)
                    return position == count
                }
                open[open.count - 1].items += 1
                skipWhitespace(input, count: count, &position)
                guard position < count else { return false }
                let isObject = open[open.count - 1].isObject
                let byte = input[position]
                if byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    position += 1
                    close(isObject: isObject)
                    continue
                }
                guard byte == UInt8(ascii: ",") else { return false }
                position += 1
                skipWhitespace(input, count: count, &position)
                if isObject {
                    guard scanKey(input, count: count, position: &position) else { return false }
                    skipWhitespace(input, count: count, &position)
                }
                break
            }
        }
    }

    /// A key, the colon after it and the whitespace before its value.
    private mutating func scanKey(_ input: UnsafePointer<UInt8>, count: Int, position: inout Int) -> Bool {
        guard position < count, input[position] == UInt8(ascii: "\""),
              scanString(input, count: count, position: &position, kind: .key) else { return false }
        skipWhitespace(input, count: count, &position)
        guard position < count, input[position] == UInt8(ascii: ":") else { return false }
        position += 1
        skipWhitespace(input, count: count, &position)
        return true
    }

    /// A string without escapes or control characters whose opening quote is at `position`.
    private mutating func scanString(_ input: UnsafePointer<UInt8>, count: Int, position: inout Int, kind: Entry.Kind) -> Bool {
        let start = position + 1
        var nonASCII = false
        let stop = jsonPlainRunEnd(input, from: start, count: count, nonASCII: &nonASCII)
        guard stop < count, input[stop] == UInt8(ascii: "\"") else { return false }
        let length = stop - start
        let hashed = length <= JSONStringHash.maxLength
        let hash = hashed ? JSONStringHash.hash(input, start: start, length: length, count: count) : 0
        entryStack.push(Entry(payload: hash, offset: UInt32(start), length: UInt32(length), kind: kind,
                             nonASCII: nonASCII, memoHashed: hashed))
        position = stop + 1
        return true
    }

    /// A number in the usual form, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, followed by
    /// a delimiter or whitespace; any other form is left to the decoder.
    private mutating func scanNumber(_ input: UnsafePointer<UInt8>, count: Int, position: inout Int) -> Bool {
        let start = position
        var index = start
        if input[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        guard index < count, isJSONDigit(input[index]) else { return false }
        if input[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < count, isJSONDigit(input[index]) { index += 1 }
        }
        let digitsEnd = index
        var isInteger = true
        if index < count, input[index] == UInt8(ascii: ".") {
            index += 1
            guard index < count, isJSONDigit(input[index]) else { return false }
            while index < count, isJSONDigit(input[index]) { index += 1 }
            isInteger = false
        }
        if index < count, input[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < count, input[index] == UInt8(ascii: "-") || input[index] == UInt8(ascii: "+") { index += 1 }
            guard index < count, isJSONDigit(input[index]) else { return false }
            while index < count, isJSONDigit(input[index]) { index += 1 }
            isInteger = false
        }
        // What follows must end the number (a digit after a leading 0, say, is for the decoder).
        if index < count {
            let next = input[index]
            guard isJSONWhitespace(next) || next == UInt8(ascii: ",") || next == UInt8(ascii: "}") || next == UInt8(ascii: "]") else {
                return false
            }
        }
        if isInteger, digitsEnd - digitsStart <= 18 {
            var value: Int64 = 0
            for digit in digitsStart..<digitsEnd { value = value &* 10 &+ Int64(input[digit] &- UInt8(ascii: "0")) }
            if digitsStart != start { value = -value }
            entryStack.push(Entry(payload: UInt64(bitPattern: value), offset: UInt32(start), length: UInt32(index - start),
                                 kind: .int, nonASCII: false, memoHashed: false))
        } else {
            append(.number, offset: start, length: index - start)
        }
        position = index
        return true
    }

    private mutating func close(isObject: Bool) {
        guard let container = open.popLast() else { return }
        entryStack.push(Entry(payload: 0, offset: entryStack[container.entry].offset, length: container.items,
                             kind: isObject ? .closeObject : .closeArray, nonASCII: false, memoHashed: false))
    }

    @inline(__always)
    private mutating func append(_ kind: Entry.Kind, offset: Int, length: Int = 0) {
        entryStack.push(Entry(payload: 0, offset: UInt32(offset), length: UInt32(length), kind: kind, nonASCII: false, memoHashed: false))
    }

    @inline(__always)
    private func literal(_ input: UnsafePointer<UInt8>, count: Int, at index: Int, _ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard count - index >= length else { return false }
        for offset in 0..<length where input[index + offset] != text.utf8Start[offset] { return false }
        return true
    }
}
