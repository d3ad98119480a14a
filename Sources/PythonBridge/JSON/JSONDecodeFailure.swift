import CPython

/// Why a JSON document was refused, in the words `json.loads` would use.
///
/// For syntax errors `description` is exactly `str(JSONDecodeError)`, e.g.
/// `Expecting ',' delimiter: line 1 column 12 (char 11)`; `message` is the part before the colon,
/// for callers that name the line themselves ("line 7: Expecting ',' delimiter (column 12)").
/// Crossing into Python it becomes a ValueError with that text (of which JSONDecodeError is a
/// subclass), or the original exception when Python raised one.
public struct JSONDecodeFailure: Error, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not JSON (`json.JSONDecodeError`).
        case syntax
        /// Not UTF-8 (`UnicodeDecodeError` from `json.loads` on bytes).
        case encoding
        /// A Python exception while building the objects: RecursionError for nesting deeper than
        /// the recursion limit, ValueError for an int longer than `sys.get_int_max_str_digits()`,
        /// MemoryError. `pythonError` holds it.
        case python
    }

    public let kind: Kind
    /// What is wrong, without the position: `Expecting value`, `Unterminated string starting at`,
    /// `'utf-8' codec can't decode byte 0xff in position 3: invalid start byte`, or
    /// `RecursionError: maximum recursion depth exceeded while decoding a JSON array ...`.
    public let message: String
    /// Characters from the start of the document, as `JSONDecodeError.pos` counts them (a leading
    /// UTF-8 byte order mark, which `json.loads` drops from bytes, is not counted).
    public let position: Int
    /// The same place in bytes from the start of the input given to the decoder.
    public let byteOffset: Int
    /// 1-based line and column of `position`, as `JSONDecodeError.lineno`/`colno` give them.
    public let line: Int
    public let column: Int
    /// The Python exception, for `.python`.
    public let pythonError: PythonError?

    public var description: String {
        switch kind {
        case .syntax: "\(message): line \(line) column \(column) (char \(position))"
        case .encoding, .python: message
        }
    }

    /// Locates `fault` in `document`, the bytes the parser read; `skipped` bytes (a byte order
    /// mark) came before them in the caller's input.
    init(_ fault: JSONFault, in document: UnsafeRawBufferPointer, skipped: Int) {
        let offset: Int
        switch fault {
        case .syntax(let text, let at):
            kind = .syntax
            message = text.description
            offset = at
            pythonError = nil
        case .invalidUTF8(let reason, let at):
            kind = .encoding
            let byte = at < document.count ? document[at] : 0
            let hex = byte < 0x10 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
            message = "'utf-8' codec can't decode byte 0x\(hex) in position \(at + skipped): \(reason)"
            offset = at
            pythonError = nil
        case .python(let error, let at):
            kind = .python
            message = error.description
            offset = at
            pythonError = error
        }
        byteOffset = offset + skipped
        (position, line, column) = Self.locate(offset, in: document)
    }

    /// The character position, line and column of byte `offset`, counted the way
    /// `JSONDecodeError` counts them in the decoded text.
    private static func locate(_ offset: Int, in document: UnsafeRawBufferPointer) -> (Int, Int, Int) {
        var characters = 0
        var line = 1
        var lastNewline = -1
        for index in 0..<min(offset, document.count) {
            let byte = document[index]
            // Continuation bytes (10xxxxxx) do not start a character.
            guard byte & 0xC0 != 0x80 else { continue }
            if byte == UInt8(ascii: "\n") {
                line += 1
                lastNewline = characters
            }
            characters += 1
        }
        // Past the end (an unterminated document), positions count on from the last character.
        characters += max(0, offset - document.count)
        return (characters, line, characters - lastNewline)
    }
}

extension JSONDecodeFailure: PythonRaisable {
    public func raise(_ gil: borrowing GILToken) {
        if let pythonError {
            pythonError.raise(gil)
        } else {
            PyErr_SetString(CPy_Exc_ValueError(), description)
        }
    }
}
