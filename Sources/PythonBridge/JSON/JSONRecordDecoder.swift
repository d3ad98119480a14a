import CPython
import JSONTape

/// Decodes JSON from UTF-8 bytes straight into Python objects, giving what `json.loads(bytes)`
/// gives (CPython 3.11): the same values and types, the same key order, the last of duplicate
/// keys winning at the first one's place, `NaN`/`Infinity`/`-Infinity` accepted (as the very
/// `float` objects `json.loads` gives for them, `json.decoder`'s constants), arbitrary-size
/// ints, floats rounded as Python rounds them, lone surrogates kept, and the same refusals with
/// the same messages and positions (`JSONDecodeFailure`).
///
/// Objects become instances of the `objectType` given at creation (a `dict` subclass such as
/// `detection.Record`, made without calling its `__init__`), or plain `dict`; arrays become `list`.
///
/// One decoder serves a whole input: it reuses its buffers, and it memoizes short object keys and
/// short string values, so a key seen on an earlier line is the same (interned) `str` object and
/// a repeated value such as `"success"` is one shared `str`. Copies of a decoder share that
/// state. Every call needs the GIL, so one decoder must not be used from two threads at once.
///
/// Beyond `json.loads`: the input must be UTF-8 (what `json.loads` would decode as UTF-16 or
/// UTF-32 after sniffing NUL bytes is refused here), and nesting is limited by Python's recursion
/// limit alone — nothing recurses on the native stack, so no input can crash the process.
public struct JSONRecordDecoder {
    private let storage: JSONDecoderStorage

    /// - Parameter objectType: the type for JSON objects (borrowed; the decoder keeps a
    ///   reference), a subclass of `dict`; nil for `dict` itself. TypeError for anything else.
    public init(objectType: PyObjectPointer? = nil, _ gil: borrowing GILToken) throws {
        storage = try JSONDecoderStorage(objectType: objectType, gil)
    }

    /// Decodes one JSON document, such as one line of a JSON Lines file (a trailing `\r` or
    /// `\n` is whitespace). Returns a new reference. Whitespace may surround the value; anything
    /// else after it is "Extra data". A leading UTF-8 byte order mark is dropped, as `json.loads`
    /// drops it from bytes.
    public func decode(_ bytes: UnsafeRawBufferPointer, _ gil: borrowing GILToken) throws(JSONDecodeFailure) -> PyOwned {
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        let skipped = hasBOM ? 3 : 0
        let document = UnsafeRawBufferPointer(rebasing: bytes[skipped...])
        var position = 0
        do {
            return try storage.parse(document, position: &position, wholeDocument: true, gil)
        } catch {
            throw JSONDecodeFailure(error, in: document, skipped: skipped)
        }
    }

    /// Decodes one JSON document whose structure `tape` holds (scanned from these same `bytes`,
    /// its entries from `first` on): the same result as `decode(_:_:)`, sooner, since the
    /// scanning is done. Whatever goes wrong while building from the tape, the document is then
    /// parsed as without one, so a failure is exactly the one `decode(_:_:)` reports.
    public func decode(_ bytes: UnsafeRawBufferPointer, tape: UnsafeBufferPointer<JSONTape.Entry>, first: Int, _ gil: borrowing GILToken) throws(JSONDecodeFailure) -> PyOwned {
        if let value = storage.build(bytes, tape: tape, first: first, gil) { return value }
        return try decode(bytes, gil)
    }

    /// Decodes the one value that starts at `offset` after optional whitespace, like Python's
    /// `JSONDecoder.raw_decode`, and moves `offset` just past it; what follows is not examined.
    /// Returns a new reference. Positions in a failure count from the start of `bytes`.
    ///
    /// For streaming large arrays: the caller reads `[`, `,` and `]` itself and decodes each
    /// element in place, so only one element at a time is held as Python objects.
    public func decodeValue(_ bytes: UnsafeRawBufferPointer, at offset: inout Int, _ gil: borrowing GILToken) throws(JSONDecodeFailure) -> PyOwned {
        precondition(offset >= 0 && offset <= bytes.count, "decodeValue offset outside the buffer")
        do {
            return try storage.parse(bytes, position: &offset, wholeDocument: false, gil)
        } catch {
            throw JSONDecodeFailure(error, in: bytes, skipped: 0)
        }
    }
}

/// What a decoder keeps between documents: its object type, its buffers and its string memos.
final class JSONDecoderStorage {
    /// Keeps the object type alive while `objects` points at it.
    private let objectTypeReference: PyShared?
    private let emptyTupleReference: PyShared
    private let objects: JSONObjectMaker
    /// Keeps `constants`' objects alive.
    private let constantReferences: [PyShared]
    private let constants: JSONConstants
    private var buffers = JSONBuffers()
    /// Set while a parse uses `buffers`. A decode re-entered from Python code run during one (a
    /// finalizer run by a garbage collection) works in fresh buffers instead.
    private var busy = false

    /// Buffers that grew past these sizes for one document are shrunk back afterwards.
    private static let keptValues = 1 << 16
    private static let keptCharacters = 1 << 20

    init(objectType: PyObjectPointer?, _ gil: borrowing GILToken) throws {
        // What json.loads's default decoder looks its constants up in.
        let table = try getAttr(try importModule("json.decoder", gil).pointer(gil), "_CONSTANTS", gil)
        constantReferences = try ["NaN", "Infinity", "-Infinity"].map { name in
            guard let object = try dictItem(table.pointer(gil), name, gil), CPy_Float_Check(object) != 0 else {
                throw PythonException(.runtimeError, "json.decoder has no float constant \(name)")
            }
            return PyShared(retaining: object, gil)
        }
        constants = JSONConstants(nan: constantReferences[0].pointer(gil), infinity: constantReferences[1].pointer(gil),
                                  negativeInfinity: constantReferences[2].pointer(gil))
        let tuple = try check(PyTuple_New(0), gil)
        let emptyTuple = tuple.raw
        emptyTupleReference = tuple.shared()
        guard let objectType else {
            objectTypeReference = nil
            objects = JSONObjectMaker()
            return
        }
        guard CPy_Type_Check(objectType) != 0 else {
            throw PythonException(.typeError, "JSON object type must be a type, not \(typeName(of: objectType))")
        }
        let type = UnsafeMutableRawPointer(objectType).assumingMemoryBound(to: PyTypeObject.self)
        guard PyType_IsSubtype(type, CPy_DictType()) != 0 else {
            throw PythonException(.typeError, "JSON object type must be a subclass of dict")
        }
        objectTypeReference = PyShared(retaining: objectType, gil)
        objects = try JSONObjectMaker(subclass: type, emptyTuple: emptyTuple)
    }

    deinit {
        // The memo holds references; releasing them needs the GIL, and a running interpreter.
        guard PythonRuntime.isInitialized, Py_IsInitialized() != 0 else { return }
        let state = PyGILState_Ensure()
        buffers.deallocate()
        PyGILState_Release(state)
    }

    /// Builds the document `tape` describes; nil when that fails (the Python error is cleared).
    func build(_ document: UnsafeRawBufferPointer, tape: UnsafeBufferPointer<JSONTape.Entry>, first: Int, _ gil: borrowing GILToken) -> PyOwned? {
        guard let base = document.baseAddress, first < tape.count else { return nil }
        do {
            return try withParser(base, count: document.count, position: 0) { parser throws(JSONFault) in
                PyOwned(stealing: try parser.build(from: tape, first: first, gil))
            }
        } catch {
            return nil
        }
    }

    /// Parses the value at `position` (after whitespace) and moves `position` past it; with
    /// `wholeDocument`, only whitespace may follow. Returns a new reference.
    func parse(_ document: UnsafeRawBufferPointer, position: inout Int, wholeDocument: Bool, _ gil: borrowing GILToken) throws(JSONFault) -> PyOwned {
        guard let base = document.baseAddress else { throw .syntax("Expecting value", at: 0) }
        return try withParser(base, count: document.count, position: position) { parser throws(JSONFault) in
            parser.skipWhitespace()
            let value = PyOwned(stealing: try parser.parseValue(gil))
            if wholeDocument {
                parser.skipWhitespace()
                guard parser.position == parser.count else { throw .syntax("Extra data", at: parser.position) }
            }
            position = parser.position
            return value
        }
    }

    /// Runs `body` with a parser over `count` bytes at `base` that works in this decoder's
    /// buffers, or in fresh ones when a decode is re-entered during another.
    private func withParser(_ base: UnsafeRawPointer, count: Int, position: Int,
                            _ body: (inout JSONParser) throws(JSONFault) -> PyOwned) throws(JSONFault) -> PyOwned {
        let reentered = busy
        busy = true
        var working = reentered ? JSONBuffers() : buffers
        defer {
            if reentered {
                working.deallocate()
            } else {
                working.values.trim(above: Self.keptValues)
                working.frames.trim(above: Self.keptValues)
                working.text.trim(above: Self.keptCharacters)
                working.digits.trim(above: Self.keptCharacters)
                buffers = working
                busy = false
            }
        }
        var parser = JSONParser(
            input: base.assumingMemoryBound(to: UInt8.self),
            count: count,
            position: position,
            buffers: working,
            objects: objects,
            constants: constants
        )
        defer { working = parser.buffers }
        return try body(&parser)
    }
}
