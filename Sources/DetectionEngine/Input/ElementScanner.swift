import JSONTape

/// Finds where one element of a JSON array ends, by nesting and strings, across chunks: the
/// bytes inside strings are skipped eight at a time, and outside them the loop stops only at
/// brackets, commas and quotes.
struct ElementScanner {
    private var depth = 0
    private var inString = false
    /// The last byte of the previous chunk was a backslash inside a string.
    private var escaped = false

    /// Where the element ends in `chunk`, scanning from `start`: `element` is one past its last
    /// byte, `resume` where framing goes on (a scalar ends before its `,` or `]`, which framing
    /// reads next; a container with its closing bracket). nil when the chunk ends first.
    mutating func end(of chunk: UnsafeRawBufferPointer, from start: Int) -> (element: Int, resume: Int)? {
        guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let count = chunk.count
        var index = start
        var ignored = false
        while index < count {
            if inString {
                if escaped {
                    escaped = false
                    index += 1
                    continue
                }
                index = jsonPlainRunEnd(base, from: index, count: count, nonASCII: &ignored)
                guard index < count else { return nil }
                switch base[index] {
                case UInt8(ascii: "\""): inString = false
                case UInt8(ascii: "\\"): escaped = true
                default: break  // a control character: the decoder reports it
                }
                index += 1
                continue
            }
            let byte = base[index]
            let folded = byte | 0x20
            guard folded == UInt8(ascii: "{") || folded == UInt8(ascii: "}") || byte == UInt8(ascii: "\"")
                    || byte == UInt8(ascii: ",") else {
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "]"):
                // At depth 0, the array's own end (the element before it is a scalar).
                if depth == 0 { return (index, index) }
                depth -= 1
                if depth == 0 { return (index + 1, index + 1) }
            case UInt8(ascii: "}"):
                // At depth 0 a stray `}`: it ends the element with it, for the decoder to report.
                if depth <= 1 { return (index + 1, index + 1) }
                depth -= 1
            default:  // ","
                if depth == 0 { return (index, index) }
            }
            index += 1
        }
        return nil
    }
}
