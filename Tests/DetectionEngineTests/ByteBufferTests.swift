@testable import DetectionEngine
import Testing

@Suite struct ByteBufferTests {
    /// The escaping the rows always had, one byte at a time: the reference for the bulk copy.
    func referenceQuoted(_ value: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        let hex = Array("0123456789abcdef".utf8)
        for byte in value {
            switch byte {
            case UInt8(ascii: "\""): bytes += Array(#"\""#.utf8)
            case UInt8(ascii: "\\"): bytes += Array(#"\\"#.utf8)
            case 0x0A: bytes += Array(#"\n"#.utf8)
            case 0x0D: bytes += Array(#"\r"#.utf8)
            case 0x09: bytes += Array(#"\t"#.utf8)
            case 0..<0x20: bytes += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        return bytes + [UInt8(ascii: "\"")]
    }

    func quoted(_ value: [UInt8]) -> [UInt8] {
        var buffer = ByteBuffer(capacity: 16)
        value.withUnsafeBytes { buffer.appendQuoted($0) }
        return Array(buffer.bytes)
    }

    @Test func quotingMatchesTheReference() {
        var random = SeededRandom(seed: 42)
        #expect(quoted([]) == referenceQuoted([]))
        #expect(quoted(Array(0...255)) == referenceQuoted(Array(0...255)))
        for _ in 0..<2000 {
            // Mostly plain text, with the bytes that need escapes at random places.
            let value = (0..<random.int(in: 0...70)).map { _ -> UInt8 in
                random.chance(15) ? [0x22, 0x5C, 0x0A, 0x0D, 0x09, 0x01, 0x1F, 0xC3, 0xA9][random.int(in: 0...8)] : UInt8(random.int(in: 0x20...0x7E))
            }
            #expect(quoted(value) == referenceQuoted(value), "\(value)")
        }
        var text = ByteBuffer()
        text.appendQuoted("café \"🐢\"\n")
        #expect(Array(text.bytes) == referenceQuoted(Array("café \"🐢\"\n".utf8)))
    }

    @Test func decimalsAsStringSpellsThem() {
        for value in [0, 7, -7, 10, 99, 100, -100, 1_234_567_890, Int.max, Int.min] {
            var buffer = ByteBuffer(capacity: 1)
            buffer.append(decimal: value)
            #expect(Array(buffer.bytes) == Array(String(value).utf8))
        }
    }

    @Test func lineBreaksAreFoundAnywhere() {
        for length in 0..<40 {
            let plain = [UInt8](repeating: UInt8(ascii: "x"), count: length)
            #expect(!plain.withUnsafeBytes { ByteBuffer.hasLineBreak($0) })
            for index in 0..<length {
                for lineBreak: UInt8 in [0x0A, 0x0D] {
                    var bytes = plain
                    bytes[index] = lineBreak
                    #expect(bytes.withUnsafeBytes { ByteBuffer.hasLineBreak($0) }, "\(length) \(index)")
                }
            }
        }
        // Bytes next to the line breaks' values are not taken for them.
        let near: [UInt8] = [0x09, 0x0B, 0x0C, 0x0E, 0x8A, 0x8D, 0x1A, 0x2D, 0xFF, 0x00]
        #expect(!(near + near).withUnsafeBytes { ByteBuffer.hasLineBreak($0) })
    }

    @Test func growingKeepsWhatWasWritten() {
        var buffer = ByteBuffer(capacity: 16)
        var expected: [UInt8] = []
        for round in 0..<200 {
            let piece = [UInt8](repeating: UInt8(round % 256), count: round)
            piece.withUnsafeBytes { buffer.append($0) }
            buffer.append(UInt8(ascii: ","))
            expected += piece + [UInt8(ascii: ",")]
        }
        #expect(Array(buffer.bytes) == expected)
        buffer.removeAll()
        let empty = buffer.isEmpty
        #expect(empty)
    }

    /// Whitespace outside strings dropped one byte at a time, the way the rows always did it.
    func referenceSingleLine(_ json: [UInt8]) -> [UInt8] {
        guard json.contains(0x0A) || json.contains(0x0D) else { return json }
        var result: [UInt8] = []
        var inString = false, escaped = false
        for byte in json {
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                result.append(byte)
            } else if byte == 0x22 {
                inString = true
                result.append(byte)
            } else if ![0x20, 0x0A, 0x0D, 0x09].contains(byte) {
                result.append(byte)
            }
        }
        return result
    }

    @Test func prettyJSONIsPutOnOneLine() {
        var random = SeededRandom(seed: 7)
        let pieces = ["{", "}", "[", "]", ",", ":", " ", "\n", "\r\n", "\t", "\"a b\"", "\"x\\\"\n y\"", "\"\\\\\"", "12", "\"\\", "\""]
        for _ in 0..<3000 {
            let text = (0..<random.int(in: 0...30)).map { _ in pieces[random.int(in: 0...(pieces.count - 1))] }.joined()
            let json = Array(text.utf8)
            var buffer = ByteBuffer(capacity: 16)
            json.withUnsafeBytes { buffer.appendSingleLine($0) }
            #expect(Array(buffer.bytes) == referenceSingleLine(json), "\(text)")
        }
    }
}
