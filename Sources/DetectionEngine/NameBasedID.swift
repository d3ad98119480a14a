import Crypto

/// Ids that are a function of what they name, the same in every process and on every machine:
/// a match row's `id` (detection, input, position) and a shared alert's id (detection, dedupe
/// string, window). A row written twice, after a retried object, carries the same id, so a
/// reader can drop the copy.
///
/// The text form of a UUID of version 8 ("custom"): the first 122 bits of SHA-256 over the
/// parts, each prefixed with its length so that no two lists of parts hash the same bytes.
enum NameBasedID {
    static func make(_ parts: String...) -> String {
        var hash = SHA256()
        for part in parts {
            var length = UInt64(part.utf8.count).littleEndian
            withUnsafeBytes(of: &length) { hash.update(bufferPointer: $0) }
            var part = part
            part.withUTF8 { hash.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        let digest = hash.finalize()
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in digest.prefix(16).enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        high = (high & ~0xF000) | 0x8000
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return AlertIDGenerator.uuidText(high: high, low: low)
    }
}
