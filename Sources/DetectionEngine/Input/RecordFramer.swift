import Foundation
import JSONTape

// Cuts a byte stream into the bytes of single records, without decoding them: JSON Lines by
// line, a JSON array (or CloudTrail's `{"Records": [...]}`) by top-level element. Runs on the
// reader thread, so the Python thread only decodes and detects.

/// The input formats, told apart by their first bytes.
enum InputFormat: Equatable {
    case jsonLines
    case jsonArray
    case cloudTrail

    /// Recognises the format from the first bytes of the input (after a UTF-8 BOM); nil while
    /// `head` is too short to tell and more bytes may come (`atEnd` false).
    static func sniff(_ head: UnsafeRawBufferPointer, atEnd: Bool) -> InputFormat? {
        // A read may deliver the BOM's bytes one by one.
        if !atEnd, head.count < 3, head.elementsEqual(UTF8BOM.bytes.prefix(head.count)) { return nil }
        var index = UTF8BOM.length(at: head)
        func skipSpace() { while index < head.count, isJSONWhitespace(head[index]) { index += 1 } }
        skipSpace()
        guard index < head.count else { return atEnd ? .jsonLines : nil }
        if head[index] == UInt8(ascii: "[") { return .jsonArray }
        guard head[index] == UInt8(ascii: "{") else { return .jsonLines }
        var matcher = CloudTrailOpening()
        for byte in head[(index + 1)...] {
            switch matcher.feed(byte) {
            case .more: continue
            case .matched: return .cloudTrail
            case .mismatch: return .jsonLines
            }
        }
        return atEnd ? .jsonLines : nil
    }
}

/// The byte order mark some Windows tools put before UTF-8 text. Python's `utf-8-sig` skips
/// it, and so does every framer here: it never reaches a record or an output row.
enum UTF8BOM {
    static let bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// 3 when `buffer` starts with the BOM, else 0.
    static func length(at buffer: UnsafeRawBufferPointer) -> Int {
        buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0
    }
}

/// Matches what follows the `{` of a CloudTrail file: `"Records"`, `:`, `[`, with any JSON
/// whitespace between them, one byte at a time (the bytes may arrive split across reads).
struct CloudTrailOpening {
    enum Step { case more, matched, mismatch }

    private static let key = Array("\"Records\"".utf8)
    private var keyIndex = 0
    private var sawColon = false

    mutating func feed(_ byte: UInt8) -> Step {
        if keyIndex < Self.key.count {
            if keyIndex == 0, isJSONWhitespace(byte) { return .more }
            guard byte == Self.key[keyIndex] else { return .mismatch }
            keyIndex += 1
            return .more
        }
        if isJSONWhitespace(byte) { return .more }
        if !sawColon {
            guard byte == UInt8(ascii: ":") else { return .mismatch }
            sawColon = true
            return .more
        }
        return byte == UInt8(ascii: "[") ? .matched : .mismatch
    }
}

/// Receives each record's bytes with its position: the line number for JSON Lines, the
/// 1-based element index for arrays.
typealias RecordSink = (UnsafeRawBufferPointer, Int) -> Void

/// Receives what a framer found wrong with the input's structure (not with one record, which
/// the decoder reports): data after the last document, an array cut short.
typealias FramingFailure = (String) -> Void

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
        // The stream's BOM can only stand at the start of line 1.
        var start = line == 1 ? UTF8BOM.length(at: bytes) : 0
        var end = bytes.count
        while start < end, isJSONWhitespace(bytes[start]) { start += 1 }
        while end > start, isJSONWhitespace(bytes[end - 1]) { end -= 1 }
        if start < end { emit(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), line) }
    }
}
