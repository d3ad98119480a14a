@testable import DetectionEngine
import Testing

@Suite struct AlertIDGeneratorTests {
    /// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, lower-case hex, y one of 8 9 a b.
    func isUUIDv4(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) else {
                    return false
                }
            }
        }
        return bytes[14] == UInt8(ascii: "4") && "89ab".utf8.contains(bytes[19])
    }

    @Test func idsLookLikeRandomUUIDs() {
        var generator = AlertIDGenerator()
        for _ in 0..<1000 {
            let id = generator.next()
            #expect(isUUIDv4(id), "\(id)")
        }
    }

    @Test func idsOfOneGeneratorNeverRepeat() {
        var generator = AlertIDGenerator(seed: (0, 0))
        var seen = Set<String>()
        for _ in 0..<200_000 { seen.insert(generator.next()) }
        #expect(seen.count == 200_000)
    }

    @Test func theSeedDecidesTheSequence() {
        var first = AlertIDGenerator(seed: (1, 2)), again = AlertIDGenerator(seed: (1, 2)), other = AlertIDGenerator(seed: (3, 4))
        let ids = (0..<10).map { _ in first.next() }
        #expect(ids == (0..<10).map { _ in again.next() })
        #expect(Set(ids).isDisjoint(with: (0..<10).map { _ in other.next() }))
    }

    @Test func unseededGeneratorsDiffer() {
        var first = AlertIDGenerator(), second = AlertIDGenerator()
        #expect(first.next() != second.next())
    }

    /// Every hex digit position varies: no field is stuck (as a mistake in a shift would leave it).
    @Test func everyDigitVaries() {
        var generator = AlertIDGenerator()
        let ids = (0..<2000).map { _ in Array(generator.next().utf8) }
        for index in 0..<36 where ![8, 13, 14, 18, 23].contains(index) {
            #expect(Set(ids.map { $0[index] }).count >= (index == 19 ? 4 : 16), "position \(index)")
        }
    }
}

/// Row and shared-alert ids: a function of what they name, in the text form of a UUID.
@Suite struct NameBasedIDTests {
    @Test func theSamePartsGiveTheSameIDAndOthersDiffer() {
        let id = NameBasedID.make("match", "detection", "input.jsonl", "12")
        #expect(id == NameBasedID.make("match", "detection", "input.jsonl", "12"))
        #expect(id != NameBasedID.make("match", "detection", "input.jsonl", "13"))
        // Lengths are hashed with the parts: moving a boundary gives another id.
        #expect(NameBasedID.make("ab", "c") != NameBasedID.make("a", "bc"))
        let characters = Array(id)
        #expect(characters.count == 36)
        #expect(characters[14] == "8", "version 8")
        #expect("89ab".contains(characters[19]), "RFC 4122 variant")
    }
}
