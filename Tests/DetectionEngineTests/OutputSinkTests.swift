@testable import DetectionEngine
import Foundation
import Testing

/// The sink hands full buffers to its writer thread: what reaches the file is every line, in
/// order, however many buffers it took.
@Suite struct OutputSinkTests {
    @Test func linesAcrossManyBuffersArriveInOrder() throws {
        let path = NSTemporaryDirectory() + "output-sink-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).jsonl"
        defer { unlink(path) }
        var expected: [UInt8] = []
        do {
            let sink = try OutputSink(path: path)
            for index in 0..<60_000 {
                // Lines of varied length, about 4 MiB in all: several hand-overs.
                let line = Array("{\"n\":\(index),\"pad\":\"\(String(repeating: "x", count: index % 131))\"}".utf8)
                if index % 2 == 0 {
                    sink.writeLine(line)
                } else {
                    sink.writeLine { buffer in line.withUnsafeBytes { buffer.append($0) } }
                }
                expected += line + [0x0A]
                if index == 30_000 { sink.flush() }
            }
            #expect(sink.failure == nil)
        }
        let written = try #require(FileManager.default.contents(atPath: path))
        #expect(written.count == expected.count)
        #expect(Array(written) == expected)
    }

    @Test func aFlushedLineIsInTheFileAtOnce() throws {
        let path = NSTemporaryDirectory() + "output-sink-flush-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).jsonl"
        defer { unlink(path) }
        let sink = try OutputSink(path: path)
        sink.writeLine("{\"a\":1}")
        sink.flush()
        #expect(FileManager.default.contents(atPath: path) == Data("{\"a\":1}\n".utf8))
    }
}
