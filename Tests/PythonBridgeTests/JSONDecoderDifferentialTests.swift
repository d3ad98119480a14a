import CPython
import PythonBridge
import Testing

/// The decoder against `json.loads` on generated documents: valid ones must give the same
/// objects, damaged ones the same refusal (message and position) or the same objects.
@Suite struct JSONDecoderDifferentialTests {
    init() {
        PythonRuntime.initialize(modules: [])
    }

    // Each runs twice: parsed directly, and as the engine decodes records (scanned into a
    // JSONTape on the reader thread, then built from it, parsed only when the scan gives up).

    @Test(arguments: [false, true])
    func generatedDocumentsDecodeAsJsonLoadsDecodesThem(viaTape: Bool) throws {
        let tape = JSONReference.TapeCount()
        try Self.compare(count: 3000, seed: 0x5EED_0001, recordObjects: true, viaTape: viaTape, tape: tape) { generator, _ in
            generator.document()
        }
        // The tape path must really be taken for plenty of them, or this proves nothing.
        if viaTape { #expect(tape.scanned >= 300, "only \(tape.scanned) of 3000 documents were scanned into a tape") }
    }

    @Test(arguments: [false, true])
    func damagedDocumentsAreRefusedAsJsonLoadsRefusesThem(viaTape: Bool) throws {
        try Self.compare(count: 4000, seed: 0x5EED_0002, recordObjects: false, viaTape: viaTape) { generator, _ in
            generator.mutated(generator.document())
        }
    }

    @Test(arguments: [false, true])
    func linesOfOneFileDecodeLikeJsonLoadsWithOneDecoder(viaTape: Bool) throws {
        // One decoder across many documents, as over a JSON Lines file: the string memos and the
        // reused buffers must not leak anything from one line into the next.
        try Self.compare(count: 2000, seed: 0x5EED_0003, recordObjects: false, viaTape: viaTape) { generator, index in
            var line = generator.document()
            if index % 3 == 0 { line = generator.mutated(line) }
            return line + (index % 2 == 0 ? [0x0D, 0x0A] : [0x0A])
        }
    }

    /// Decodes `count` documents from `make` with one decoder and with json.loads, expecting
    /// no disagreement. With `recordObjects`, objects must be instances of a dict subclass.
    private static func compare(
        count: Int,
        seed: UInt64,
        recordObjects: Bool,
        viaTape: Bool,
        tape: JSONReference.TapeCount? = nil,
        make: (inout JSONDocumentGenerator, Int) -> [UInt8]
    ) throws {
        try Python.withGIL { gil in
            let reference = try JSONReference(gil)
            let objectType = recordObjects ? reference.recordType.pointer(gil) : reference.dictType.pointer(gil)
            let decoder = try JSONRecordDecoder(objectType: recordObjects ? objectType : nil, gil)
            var generator = JSONDocumentGenerator(seed: seed)
            var failures: [String] = []
            for index in 0..<count {
                let document = make(&generator, index)
                if let problem = try reference.disagreement(on: document, decoder: decoder, objectType: objectType,
                                                            viaTape: viaTape, tape: tape, gil) {
                    failures.append(problem)
                }
            }
            #expect(failures.isEmpty, "\(failures.count) disagreements, first: \(failures.prefix(3))")
        }
    }
}
