@testable import DetectionEngine
import DetectionModule
import Foundation
import PythonBridge
import Testing

/// Random input through the framers and the decoder, as the run feeds them (fixed seeds, a few
/// thousand cases): nothing crashes, every valid record arrives exactly once with its position,
/// every bad one is reported with its position, and structure errors are reported.
@Suite struct FramingFuzzTests {
    init() {
        DetectionModule.start()
    }

    /// What came out of framing and decoding: position → decoded or not, and the bytes.
    struct Delivered {
        var records: [(position: Int, bytes: [UInt8], decoded: Bool)] = []
        var failures: [String] = []
    }

    /// Frames `input` in random chunks, then decodes each record as `RunSession` does (through the
    /// tape when the reader thread scanned one, else the parser).
    func deliver(_ input: [UInt8], format: InputFormat, random: inout SeededRandom) -> Delivered {
        var delivered = Delivered()
        let batch = RecordBatch(file: "fuzz")
        let emit: RecordSink = { bytes, position in batch.append(bytes, position: position) }
        var failures: [String] = []
        let fail: FramingFailure = { failures.append($0) }
        var lines = JSONLinesFramer()
        var array = JSONArrayFramer()
        var start = 0
        input.withUnsafeBytes { all in
            while start < all.count {
                let end = min(all.count, start + random.int(in: 1...4096))
                let chunk = UnsafeRawBufferPointer(rebasing: all[start..<end])
                if format == .jsonLines { lines.feed(chunk, emit) } else { array.feed(chunk, emit, fail) }
                start = end
            }
            if format == .jsonLines { lines.finish(emit) } else { array.finish(emit, fail) }
        }
        delivered.failures = failures
        Python.withGIL { gil in
            guard let decoder = try? JSONRecordDecoder(objectType: DetectionModule.recordType(gil), gil) else {
                Issue.record("no decoder")
                return
            }
            batch.forEach { record in
                let decoded: Bool
                if let first = record.tapeEntry {
                    decoded = (try? decoder.decode(record.bytes, tape: record.tape, first: first, gil)) != nil
                } else {
                    decoded = (try? decoder.decode(record.bytes, gil)) != nil
                }
                delivered.records.append((record.position, Array(record.bytes), decoded))
                return true
            }
        }
        return delivered
    }

    @Test(arguments: [1, 2, 3, 4])
    func jsonLinesWithCorruptLines(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var lines: [[UInt8]] = []
        var corrupt: Set<Int> = []
        for number in 1...700 {
            var line = Array(random.record().utf8)
            if random.chance(30) {
                line = random.corrupted(line, other: lines.last { !$0.isEmpty } ?? Array("{}".utf8))
                corrupt.insert(number)
            } else if random.chance(5) {
                line = []  // a blank line: counted, not delivered
            }
            lines.append(line)
        }
        let input = Array(lines.joined(separator: [0x0A]))
        let delivered = deliver(input, format: .jsonLines, random: &random)
        var byPosition: [Int: [(bytes: [UInt8], decoded: Bool)]] = [:]
        for record in delivered.records { byPosition[record.position, default: []].append((record.bytes, record.decoded)) }
        for (index, line) in lines.enumerated() where !line.isEmpty {
            let number = index + 1
            let got = byPosition[number] ?? []
            #expect(got.count == 1, "line \(number) delivered \(got.count) times")
            if corrupt.contains(number) {
                #expect(got.first?.decoded == false, "corrupt line \(number) was not reported")
            } else {
                #expect(got.first?.decoded == true, "valid line \(number) did not decode: \(String(decoding: line, as: UTF8.self))")
                #expect(got.first?.bytes == line, "line \(number) arrived changed")
            }
        }
        #expect(Set(byPosition.keys).isSubset(of: Set(lines.indices.filter { !lines[$0].isEmpty }.map { $0 + 1 })))
    }

    @Test(arguments: [5, 6, 7])
    func arraysInFullAndCut(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for _ in 0..<40 {
            let elements = (0..<random.int(in: 1...40)).map { _ in random.record() }
            let pretty = random.chance(50)
            let separator = pretty ? ",\n  " : ","
            let text = Array(((pretty ? "[\n  " : "[") + elements.joined(separator: separator) + (pretty ? "\n]\n" : "]")).utf8)
            let whole = deliver(text, format: .jsonArray, random: &random)
            #expect(whole.failures.isEmpty, "\(whole.failures)")
            #expect(whole.records.map(\.position) == Array(1...elements.count))
            #expect(whole.records.allSatisfy { $0.decoded })
            #expect(whole.records.map { String(decoding: $0.bytes, as: UTF8.self) } == elements)

            // Cut anywhere before the closing bracket: what was whole still arrives unchanged,
            // and the cut is reported.
            let cut = random.int(in: 1...(text.lastIndex(of: UInt8(ascii: "]"))!))
            let partial = deliver(Array(text[..<cut]), format: .jsonArray, random: &random)
            #expect(partial.failures.count == 1 && partial.failures[0].contains("truncated"), "\(partial.failures)")
            for record in partial.records where record.decoded {
                #expect(elements[record.position - 1] == String(decoding: record.bytes, as: UTF8.self))
            }
            #expect(partial.records.filter { !$0.decoded }.count <= 1)
        }
    }

    @Test(arguments: [8, 9])
    func randomBytesNeverCrash(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for _ in 0..<300 {
            var bytes = (0..<random.int(in: 0...600)).map { _ in random.byte() }
            if random.chance(50) { bytes = Array("[".utf8) + bytes }
            for format in [InputFormat.jsonLines, .jsonArray] {
                let delivered = deliver(bytes, format: format, random: &random)
                if format == .jsonLines {
                    #expect(delivered.records.allSatisfy { $0.position >= 1 && $0.position <= bytes.count + 1 })
                }
            }
        }
    }
}

/// SplitMix64, with the few draws these tests need.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func chance(_ percent: Int) -> Bool { int(in: 0...99) < percent }

    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }

    /// A record as compact JSON text: nested objects and lists, escapes, non-ASCII text.
    mutating func record(depth: Int = 0) -> String {
        let count = int(in: 1...6)
        let keys = ["eventName", "user", "ip", "n", "nested", "tags", "é", "quote\\\"d", "ts"]
        var fields: [String] = []
        for index in 0..<count { fields.append("\"\(keys[int(in: 0...(keys.count - 1))])\(index)\":\(value(depth: depth))") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private mutating func value(depth: Int) -> String {
        switch int(in: 0...(depth < 3 ? 8 : 5)) {
        case 0: return String(int(in: -1_000_000...1_000_000))
        case 1: return String(Double(int(in: 0...100_000)) / 7)
        case 2: return ["true", "false", "null"][int(in: 0...2)]
        case 3: return "\"plain text\""
        case 4: return ["\"a \\\"quoted\\\" word\"", "\"caf\\u00e9\"", "\"a\\/b\\nc\"", "\"żółw 🐢\""][int(in: 0...3)]
        case 5: return "\"\(String(repeating: "x", count: int(in: 0...80)))\""
        case 6, 7: return record(depth: depth + 1)
        default: return "[" + (0..<int(in: 0...4)).map { _ in value(depth: depth + 1) }.joined(separator: ",") + "]"
        }
    }

    /// `line` made invalid JSON for sure, without a newline in it: cut before its closing brace,
    /// a raw control character put in, a byte that is never UTF-8, or spliced with `other`.
    mutating func corrupted(_ line: [UInt8], other: [UInt8]) -> [UInt8] {
        switch int(in: 0...3) {
        case 0:
            return Array(line[..<int(in: 1...(line.count - 1))])
        case 1:
            var bytes = line
            bytes.insert(0x01, at: int(in: 0...bytes.count))
            return bytes
        case 2:
            var bytes = line
            bytes[int(in: 0...(bytes.count - 1))] = 0xFF
            return bytes
        default:
            return Array(line[..<int(in: 1...(line.count - 1))]) + [0x01] + Array(other[int(in: 0...(other.count - 1))...])
        }
    }
}
