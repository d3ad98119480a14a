import CPython
import JSONTape

// Strings and object keys, as `scanstring_unicode` in CPython 3.11's `Modules/_json.c` reads them
// (strict mode, the `json.loads` default): control characters are refused, every escape is
// decoded, a `\uXXXX` high surrogate followed by a `\uXXXX` low one joins into one code point, and
// any other surrogate stays a lone code point in the `str`.
//
// The input is UTF-8 bytes, read as `json.loads(bytes)` reads them: strictly, except that
// UTF-8-encoded surrogates pass (it decodes with "surrogatepass").

extension JSONParser {
    /// The index of the first `"`, `\` or control character at or after `start` (or `count`),
    /// noting in `nonASCII` whether a byte of 0x80 or above came before it.
    @inline(__always)
    func scanPlain(from start: Int, nonASCII: inout Bool) -> Int {
        jsonPlainRunEnd(input, from: start, count: count, nonASCII: &nonASCII)
    }

    /// Where the string whose opening quote is at `position` ends, if it is plain.
    struct Span {
        /// The opening quote.
        let begin: Int
        /// The first `"`, `\` or control character after it, or `count`.
        let stop: Int
        let nonASCII: Bool
        /// Whether `stop` is the closing quote: no escapes, nothing malformed.
        let isPlain: Bool
    }

    @inline(__always)
    private func span() -> Span {
        var nonASCII = false
        let stop = scanPlain(from: position + 1, nonASCII: &nonASCII)
        return Span(begin: position, stop: stop, nonASCII: nonASCII, isPlain: stop < count && input[stop] == Self.quote)
    }

    /// Reads the string value whose opening quote is at `position`: a new reference, shared with
    /// earlier occurrences of the same value through the value memo when it is short and plain.
    mutating func readString(_ gil: borrowing GILToken) throws(JSONFault) -> PyObjectPointer {
        try readMemoized(span(), interned: false, hash: nil, gil)
    }

    /// Reads the object key whose opening quote is at `position`: a new reference, shared with
    /// earlier occurrences of the same key through the key memo when it is short and plain.
    /// Memoized keys are interned, so a detection's literal `record["eventName"]` finds its key
    /// by identity.
    mutating func readKey(_ gil: borrowing GILToken) throws(JSONFault) -> PyObjectPointer {
        try readMemoized(span(), interned: true, hash: nil, gil)
    }

    /// The `str` of a scanned string (a key when `interned`), through the memo when it is short
    /// and plain; `hash` is its memo hash when already known (the tape has it). Moves past it.
    @inline(__always)
    mutating func readMemoized(_ span: Span, interned: Bool, hash: UInt64?, _ gil: borrowing GILToken) throws(JSONFault) -> PyObjectPointer {
        let start = span.begin + 1
        let length = span.stop - start
        guard span.isPlain, length <= JSONStringHash.maxLength else { return try finish(span, gil) }
        position = span.stop + 1
        let bytes = JSONStringMemo.bytes(input, start: start, length: length, count: count, hash: hash)
        if let known = interned ? buffers.keys.lookup(bytes) : buffers.strings.lookup(bytes) {
            CPy_INCREF(known)
            return known
        }
        var string: PyObjectPointer? = try makeString(from: start, to: span.stop, nonASCII: span.nonASCII, gil)
        if interned {
            PyUnicode_InternInPlace(&string)
            guard let string else { throw .python(.fetch(gil), at: span.begin) }
            buffers.keys.insert(string, for: bytes)
            return string
        }
        guard let string else { throw .python(.fetch(gil), at: span.begin) }
        buffers.strings.insert(string, for: bytes)
        return string
    }

    /// Makes the `str` of a scanned string and moves past it.
    @inline(__always)
    private mutating func finish(_ span: Span, _ gil: borrowing GILToken) throws(JSONFault) -> PyObjectPointer {
        guard span.isPlain else { return try readEscapedString(begin: span.begin, stop: span.stop, gil) }
        position = span.stop + 1
        return try makeString(from: span.begin + 1, to: span.stop, nonASCII: span.nonASCII, gil)
    }

    /// A new `str` from the bytes `start..<end`, which hold no quote, backslash or control
    /// character.
    private func makeString(from start: Int, to end: Int, nonASCII: Bool, _ gil: borrowing GILToken) throws(JSONFault) -> PyObjectPointer {
        let chars = UnsafeRawPointer(input + start).assumingMemoryBound(to: CChar.self)
        // ASCII needs no error handler; UTF-8 gets the one json.loads(bytes) decodes with.
        let errors: StaticString = "surrogatepass"
        let handler = nonASCII ? UnsafeRawPointer(errors.utf8Start).assumingMemoryBound(to: CChar.self) : nil
        if let string = PyUnicode_DecodeUTF8(chars, end - start, handler) { return string }
        // Find the bad byte ourselves, so the position is the document's, as json.loads has it.
        let error = PythonError.fetch(gil)
        var index = start
        while index < end {
            index += try scalar(at: index).length
        }
        throw .python(error, at: start)
    }

    /// Reads a string that has escapes (or is malformed) into code points, then makes the `str`.
    /// `stop` is the first `"`, `\` or control character after the opening quote at `begin`.
    private mutating func readEscapedString(begin: Int, stop firstStop: Int, _ gil: borrowing GILToken) throws(JSONFault) -> PyObjectPointer {
        buffers.text.count = 0
        var chunk = begin + 1
        var stop = firstStop
        while true {
            guard stop < count else { throw .syntax("Unterminated string starting at", at: begin) }
            try appendScalars(from: chunk, to: stop)
            let byte = input[stop]
            if byte == Self.quote { break }
            if byte < 0x20 { throw .syntax("Invalid control character at", at: stop) }
            // A backslash: one escape, then the next plain run.
            let escape = stop + 1
            guard escape < count else { throw .syntax("Unterminated string starting at", at: begin) }
            let (scalar, end) = try readEscape(at: escape)
            buffers.text.push(scalar)
            chunk = end
            var ignored = false
            stop = scanPlain(from: chunk, nonASCII: &ignored)
        }
        position = stop + 1
        let kind = Int32(PyUnicode_4BYTE_KIND.rawValue)
        guard let string = PyUnicode_FromKindAndData(kind, buffers.text.base, buffers.text.count) else {
            throw .python(.fetch(gil), at: begin)
        }
        return string
    }

    /// Decodes the escape whose letter is at `escape` (just after a backslash): the code point
    /// and the index just past the escape. Bounds and error positions are `_json.c`'s.
    private func readEscape(at escape: Int) throws(JSONFault) -> (UInt32, Int) {
        let letter = input[escape]
        guard letter == UInt8(ascii: "u") else {
            switch letter {
            case Self.quote, Self.backslash, UInt8(ascii: "/"): return (UInt32(letter), escape + 1)
            case UInt8(ascii: "b"): return (0x08, escape + 1)
            case UInt8(ascii: "f"): return (0x0C, escape + 1)
            case UInt8(ascii: "n"): return (0x0A, escape + 1)
            case UInt8(ascii: "r"): return (0x0D, escape + 1)
            case UInt8(ascii: "t"): return (0x09, escape + 1)
            default: throw .syntax("Invalid \\escape", at: escape - 1)
            }
        }
        var end = escape + 5
        // `_json.c` wants a character after the four digits (at least the closing quote).
        guard end < count else { throw .syntax("Invalid \\uXXXX escape", at: escape) }
        var scalar = try hex4(at: escape + 1, escape: escape)
        if scalar >= 0xD800, scalar <= 0xDBFF, end + 6 < count,
           input[end] == Self.backslash, input[end + 1] == UInt8(ascii: "u") {
            let low = try hex4(at: end + 2, escape: end + 1)
            if low >= 0xDC00, low <= 0xDFFF {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                end += 6
            }
        }
        return (scalar, end)
    }

    /// The value of the four hex digits at `start`; the error names the `u` at `escape`.
    @inline(__always)
    private func hex4(at start: Int, escape: Int) throws(JSONFault) -> UInt32 {
        var value: UInt32 = 0
        for index in start..<start + 4 {
            let byte = input[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .syntax("Invalid \\uXXXX escape", at: escape)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Appends the code points of the UTF-8 bytes `start..<end` to `buffers.text`.
    private mutating func appendScalars(from start: Int, to end: Int) throws(JSONFault) {
        buffers.text.reserve(end - start)
        var index = start
        while index < end {
            let byte = input[index]
            if byte < 0x80 {
                buffers.text.pushUnchecked(UInt32(byte))
                index += 1
            } else {
                let (value, length) = try scalar(at: index)
                buffers.text.pushUnchecked(value)
                index += length
            }
        }
    }

    /// The code point of the UTF-8 sequence at `index` and its length in bytes. Surrogates
    /// (ED A0..BF xx) pass, as Python's "surrogatepass" lets them; anything else that is not
    /// UTF-8 is a fault with the reason Python's codec gives.
    func scalar(at index: Int) throws(JSONFault) -> (value: UInt32, length: Int) {
        let lead = input[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length: Int
        var lowest: UInt8 = 0x80
        var highest: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowest = 0xA0
        case 0xE1...0xEF: length = 3
        case 0xF0: length = 4; lowest = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; highest = 0x8F
        default: throw .invalidUTF8(reason: "invalid start byte", at: index)
        }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length {
            guard index + offset < count else { throw .invalidUTF8(reason: "unexpected end of data", at: index) }
            let byte = input[index + offset]
            guard byte >= lowest, byte <= highest else {
                throw .invalidUTF8(reason: "invalid continuation byte", at: index)
            }
            lowest = 0x80
            highest = 0xBF
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (value, length)
    }
}
