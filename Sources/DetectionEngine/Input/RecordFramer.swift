import Foundation

/// Cuts a byte stream into the bytes of single records, without decoding them: JSON Lines by
/// line, a JSON array (or CloudTrail's `{"Records": [...]}`) by top-level element. Runs on the
/// reader thread, so the Python thread only decodes and detects.
enum InputFormat: Equatable {
    case jsonLines
    case jsonArray
    case cloudTrail

    /// Recognises the format from the first bytes of the input.
    static func sniff(_ head: UnsafeRawBufferPointer) -> InputFormat {
        var index = 0
        func skipSpace() { while index < head.count, isJSONSpace(head[index]) { index += 1 } }
        skipSpace()
        guard index < head.count else { return .jsonLines }
        if head[index] == UInt8(ascii: "[") { return .jsonArray }
        guard head[index] == UInt8(ascii: "{") else { return .jsonLines }
        index += 1
        skipSpace()
        for byte in "\"Records\"".utf8 {
            guard index < head.count, head[index] == byte else { return .jsonLines }
            index += 1
        }
        skipSpace()
        guard index < head.count, head[index] == UInt8(ascii: ":") else { return .jsonLines }
        index += 1
        skipSpace()
        return index < head.count && head[index] == UInt8(ascii: "[") ? .cloudTrail : .jsonLines
    }
}

@inline(__always)
func isJSONSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
}

/// Receives each record's bytes with its position: the line number for JSON Lines, the
/// 1-based element index for arrays.
typealias RecordSink = (UnsafeRawBufferPointer, Int) -> Void

/// Splits JSON Lines. Blank lines are skipped but counted, so positions are line numbers.
struct JSONLinesFramer {
    private var partial: [UInt8] = []
    private var line = 0

    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: RecordSink) {
        guard let base = chunk.baseAddress else { return }
        var start = 0
        // memchr: the C library's vectorised search, several times faster than a byte loop.
        while start < chunk.count, let found = memchr(base + start, 0x0A, chunk.count - start) {
            let newline = base.distance(to: UnsafeRawPointer(found))
            line += 1
            if partial.isEmpty {
                emitTrimmed(UnsafeRawBufferPointer(rebasing: chunk[start..<newline]), emit)
            } else {
                partial.append(contentsOf: chunk[start..<newline])
                partial.withUnsafeBytes { emitTrimmed($0, emit) }
                partial.removeAll(keepingCapacity: true)
            }
            start = newline + 1
        }
        partial.append(contentsOf: chunk[start...])
    }

    mutating func finish(_ emit: RecordSink) {
        guard !partial.isEmpty else { return }
        line += 1
        partial.withUnsafeBytes { emitTrimmed($0, emit) }
        partial.removeAll()
    }

    private func emitTrimmed(_ bytes: UnsafeRawBufferPointer, _ emit: RecordSink) {
        var start = 0
        var end = bytes.count
        while start < end, isJSONSpace(bytes[start]) { start += 1 }
        while end > start, isJSONSpace(bytes[end - 1]) { end -= 1 }
        if start < end { emit(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), line) }
    }
}

/// Splits the elements of a top-level JSON array, or of the `Records` array of a CloudTrail
/// file, by tracking nesting and strings. Malformed structure is left to the decoder, which
/// reports it for the element it lands in.
struct JSONArrayFramer {
    private enum Phase { case preamble, between, element, after }

    private var phase = Phase.preamble
    private var element: [UInt8] = []
    private var depth = 0
    private var strings = JSONStringTracker()
    private var index = 0
    private var pendingOpeners: Int

    /// `openers`: how many `[` to pass before elements start (1 for an array; for CloudTrail
    /// the `{` and the `[` after "Records").
    init(format: InputFormat) {
        pendingOpeners = format == .cloudTrail ? 2 : 1
    }

    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: RecordSink) {
        for byte in chunk { step(byte, emit) }
    }

    mutating func finish(_ emit: RecordSink) {
        if phase == .element, !element.isEmpty {
            index += 1
            element.withUnsafeBytes { emit($0, index) }
            element.removeAll()
        }
    }

    @inline(__always)
    private mutating func step(_ byte: UInt8, _ emit: RecordSink) {
        switch phase {
        case .preamble:
            // Skip to the array that holds the records: `[`, or `{"Records": [`.
            if byte == UInt8(ascii: "[") || (pendingOpeners == 2 && byte == UInt8(ascii: "{")) {
                pendingOpeners -= 1
                if pendingOpeners == 0 { phase = .between }
            }
        case .between:
            if isJSONSpace(byte) || byte == UInt8(ascii: ",") { return }
            if byte == UInt8(ascii: "]") {
                phase = .after
                return
            }
            phase = .element
            element.removeAll(keepingCapacity: true)
            depth = 0
            strings = JSONStringTracker()
            consume(byte, emit)
        case .element:
            consume(byte, emit)
        case .after:
            return
        }
    }

    @inline(__always)
    private mutating func consume(_ byte: UInt8, _ emit: RecordSink) {
        if strings.isInString(byte) {
            element.append(byte)
            return
        }
        if depth == 0, byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") {
            // End of a scalar element.
            emitElement(emit)
            phase = byte == UInt8(ascii: "]") ? .after : .between
            return
        }
        element.append(byte)
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            depth -= 1
            if depth == 0 {
                emitElement(emit)
                phase = .between
            }
        default: break
        }
    }

    private mutating func emitElement(_ emit: RecordSink) {
        index += 1
        var end = element.count
        while end > 0, isJSONSpace(element[end - 1]) { end -= 1 }
        element.withUnsafeBytes { emit(UnsafeRawBufferPointer(rebasing: $0[0..<end]), index) }
        element.removeAll(keepingCapacity: true)
    }
}

/// Tracks whether a byte of JSON text lies inside a string (its quotes included), for code that
/// scans JSON structure without decoding it.
struct JSONStringTracker {
    private var inString = false
    private var escaped = false

    /// Feeds the next byte; true when it belongs to a string (an opening or closing quote too).
    @inline(__always)
    mutating func isInString(_ byte: UInt8) -> Bool {
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
            return true
        }
        if byte == UInt8(ascii: "\"") {
            inString = true
            return true
        }
        return false
    }
}
