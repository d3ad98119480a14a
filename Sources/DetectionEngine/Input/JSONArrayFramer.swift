import JSONTape

/// Splits the elements of a top-level JSON array, or of the `Records` array of a CloudTrail
/// file, by tracking nesting and strings. Malformed elements are left to the decoder, which
/// reports each with its position; what is wrong with the structure around them is reported
/// through `FramingFailure`.
///
/// Concatenated documents (`cat a.json b.json`) are read in full: after one array (or CloudTrail
/// object) closes, another may follow, and positions go on counting. Anything else after a
/// document, or an input that ends inside one, is reported: nothing is dropped silently.
struct JSONArrayFramer {
    private enum Phase {
        /// Before a document: whitespace, then `[` or `{`.
        case document
        /// After a document's `{`: `"Records": [`.
        case opening(CloudTrailOpening)
        /// Inside the array, between elements.
        case between
        /// Inside an element.
        case element
        /// After a CloudTrail object's `Records` array: its closing `}`.
        case objectEnd
        /// After data that is not a document: the rest is not read (and was reported).
        case rejected
    }

    private var phase = Phase.document
    /// Whether the array being read is a CloudTrail object's (`}` must follow it).
    private var inCloudTrail = false
    /// The current element's bytes when it spans reads (else it is emitted from the chunk).
    private var element: [UInt8] = []
    private var scanner = ElementScanner()
    private var index = 0
    /// Bytes framed before the current chunk (for the offsets in messages).
    private var offset = 0

    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: RecordSink, _ fail: FramingFailure) {
        var position = offset == 0 ? UTF8BOM.length(at: chunk) : 0
        var elementStart = 0
        while position < chunk.count {
            let byte = chunk[position]
            switch phase {
            case .document:
                if isJSONWhitespace(byte) { break }
                if byte == UInt8(ascii: "[") {
                    inCloudTrail = false
                    phase = .between
                } else if byte == UInt8(ascii: "{") {
                    phase = .opening(CloudTrailOpening())
                } else {
                    reject(at: position, "expected a JSON array or a CloudTrail {\"Records\": [...]} object", fail)
                }
            case var .opening(matcher):
                switch matcher.feed(byte) {
                case .more: phase = .opening(matcher)
                case .matched:
                    inCloudTrail = true
                    phase = .between
                case .mismatch:
                    reject(at: position, "an object here must be a CloudTrail file, {\"Records\": [...]}", fail)
                }
            case .between:
                if isJSONWhitespace(byte) || byte == UInt8(ascii: ",") { break }
                if byte == UInt8(ascii: "]") {
                    phase = inCloudTrail ? .objectEnd : .document
                    break
                }
                phase = .element
                scanner = ElementScanner()
                elementStart = position
                continue
            case .element:
                // The element's bytes are scanned in bulk, not through this byte-at-a-time switch.
                guard let end = scanner.end(of: chunk, from: position) else {
                    position = chunk.count
                    continue
                }
                emitElement(UnsafeRawBufferPointer(rebasing: chunk[elementStart..<end.element]), emit)
                phase = .between
                position = end.resume
                continue
            case .objectEnd:
                if isJSONWhitespace(byte) { break }
                if byte == UInt8(ascii: "}") {
                    phase = .document
                } else {
                    reject(at: position, "expected the } that closes the CloudTrail object after its Records array", fail)
                }
            case .rejected:
                position = chunk.count
                continue
            }
            position += 1
        }
        if case .element = phase {
            element.append(contentsOf: chunk[elementStart...])
        }
        offset += chunk.count
    }

    mutating func finish(_ emit: RecordSink, _ fail: FramingFailure) {
        switch phase {
        case .document, .rejected:
            return
        case .element:
            // Emitted as it is: the decoder reports the cut-off record with its position.
            emitElement(UnsafeRawBufferPointer(start: nil, count: 0), emit)
        case .opening, .between, .objectEnd:
            break
        }
        fail("the input ended at byte \(offset) inside a JSON array: it looks truncated, and records after that point are missing")
    }

    /// Emits the element: its bytes in `tail` (this chunk), after any held from earlier reads.
    private mutating func emitElement(_ tail: UnsafeRawBufferPointer, _ emit: RecordSink) {
        index += 1
        if element.isEmpty {
            emitTrimmed(tail, emit)
        } else {
            element.append(contentsOf: tail)
            element.withUnsafeBytes { emitTrimmed($0, emit) }
            element.removeAll(keepingCapacity: true)
        }
    }

    private func emitTrimmed(_ bytes: UnsafeRawBufferPointer, _ emit: RecordSink) {
        var end = bytes.count
        while end > 0, isJSONWhitespace(bytes[end - 1]) { end -= 1 }
        emit(UnsafeRawBufferPointer(rebasing: bytes[0..<end]), index)
    }

    private mutating func reject(at position: Int, _ why: String, _ fail: FramingFailure) {
        phase = .rejected
        fail("unexpected data at byte \(offset + position) after record \(index): \(why); the rest of the input was not read")
    }
}
