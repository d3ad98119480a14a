@testable import DetectionEngine
import Testing

/// The array framer gives the same records and failures however its input is cut into reads:
/// in one piece, cut in two at every byte, and byte by byte (a cut may fall inside a string,
/// between a backslash and what it escapes, or inside the CloudTrail opening).
@Suite struct ArrayFramerSplitTests {
    struct Framed: Equatable {
        var records: [[UInt8]] = []
        var positions: [Int] = []
        var failures: [String] = []
    }

    func frame(_ input: [UInt8], cuts: [Int]) -> Framed {
        var framed = Framed()
        var framer = JSONArrayFramer()
        let emit: RecordSink = { bytes, position in
            framed.records.append(Array(bytes))
            framed.positions.append(position)
        }
        let fail: FramingFailure = { framed.failures.append($0) }
        input.withUnsafeBytes { all in
            var start = 0
            for end in cuts + [all.count] where end >= start {
                framer.feed(UnsafeRawBufferPointer(rebasing: all[start..<end]), emit, fail)
                start = end
            }
            framer.finish(emit, fail)
        }
        return framed
    }

    static let inputs: [String] = [
        #"[{"a":"x\"y","b":[1,{"c":"]}"}],"d":"\\"},2,"s\\\"",null,[[]],{}]"#,
        #"{"Records": [{"eventName":"a\\","n":[{"x":"\u00e9\/"}]}, {"k":"}{]["}]}"#,
        "[\n  {\"a\": \"multi\\nline\"},\n  {\"b\": [1, 2,\n 3]}\n]\n[1,2]",
        #"{ "Records" : [ "only", "strings\\\\" ] } trailing"#,
        #"[{"cut":"inside a string"#,
        #"[1,2}, 3]"#,
    ]

    @Test(arguments: inputs)
    func everyCutGivesTheSameRecords(text: String) {
        let input = Array(text.utf8)
        let whole = frame(input, cuts: [])
        #expect(!whole.records.isEmpty)
        for cut in 0...input.count {
            #expect(frame(input, cuts: [cut]) == whole, "cut at \(cut)")
        }
        #expect(frame(input, cuts: Array(0...input.count)) == whole, "byte by byte")
    }

    @Test func elementsComeOutAsWritten() {
        let framed = frame(Array(Self.inputs[0].utf8), cuts: [])
        #expect(framed.records.map { String(decoding: $0, as: UTF8.self) } == [
            #"{"a":"x\"y","b":[1,{"c":"]}"}],"d":"\\"}"#, "2", #""s\\\"""#, "null", "[[]]", "{}",
        ])
        #expect(framed.positions == Array(1...6))
        #expect(framed.failures.isEmpty)
    }
}
