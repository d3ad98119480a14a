import CPython
import JSONTape

// Building a document's objects from its `JSONTape`: the structure is known, so this only makes
// objects, through the same memos, number conversions and container code as parsing does.

extension JSONParser {
    /// How many entries ahead `build` prefetches memo slots.
    static let prefetchDistance = 4

    /// Builds the document `tape` describes (its entries from `first` on): a new reference. On
    /// failure every object made so far is released and every recursion level left; the caller
    /// then parses the document instead, for the error `json.loads` would give.
    mutating func build(from tape: UnsafeBufferPointer<JSONTape.Entry>, first: Int, _ gil: borrowing GILToken) throws(JSONFault) -> PyObjectPointer {
        do {
            return try buildValues(from: tape, first: first, gil)
        } catch {
            unwind()
            throw error
        }
    }

    private mutating func buildValues(from tape: UnsafeBufferPointer<JSONTape.Entry>, first: Int, _ gil: borrowing GILToken) throws(JSONFault) -> PyObjectPointer {
        var index = first
        while index < tape.count {
            let entry = tape[index]
            // The memo slots of a string a few entries on, fetched while this one is made.
            let ahead = index + Self.prefetchDistance
            if ahead < tape.count, tape[ahead].memoHashed {
                let upcoming = tape[ahead]
                if upcoming.kind == .key { buffers.keys.prefetch(hash: upcoming.payload) } else { buffers.strings.prefetch(hash: upcoming.payload) }
            }
            index += 1
            // A tape is scanned from these same bytes (the caller's contract): its offsets are in
            // range. Release builds trust that, as the hot loop must; debug builds check it.
            assert(Int(entry.offset) < count, "tape entry \(index - 1) starts at \(entry.offset), past the document's \(count) bytes")
            let value: PyObjectPointer
            switch entry.kind {
            case .openObject, .openArray:
                position = Int(entry.offset)
                _ = try open(isObject: entry.kind == .openObject, gil)
                continue
            case .closeObject, .closeArray:
                guard let frame = buffers.frames.last else { throw .syntax("Expecting value", at: Int(entry.offset)) }
                assert(buffers.values.count - frame.firstItem == Int(entry.length) * (frame.isObject ? 2 : 1),
                       "tape close \(index - 1) counts \(entry.length) items, the values stack holds others")
                value = try close(frame, gil)
            case .key, .string:
                let start = Int(entry.offset)
                assert(start >= 1 && start + Int(entry.length) < count, "tape string \(index - 1) runs past the document")
                let span = Span(begin: start - 1, stop: start + Int(entry.length), nonASCII: entry.nonASCII, isPlain: true)
                value = try readMemoized(span, interned: entry.kind == .key, hash: entry.memoHashed ? entry.payload : nil, gil)
            case .int:
                guard let int = PyLong_FromLongLong(Int64(bitPattern: entry.payload)) else {
                    throw .python(.fetch(gil), at: Int(entry.offset))
                }
                value = int
            case .number:
                assert(Int(entry.offset) + Int(entry.length) <= count, "tape number \(index - 1) runs past the document")
                position = Int(entry.offset)
                value = try readNumber(gil)
            case .null:
                value = CPy_None()
                CPy_INCREF(value)
            case .true:
                value = CPy_True()
                CPy_INCREF(value)
            case .false:
                value = CPy_False()
                CPy_INCREF(value)
            }
            guard buffers.frames.count > 0 else { return value }
            buffers.values.push(value)
        }
        throw .syntax("Expecting value", at: count)
    }
}
