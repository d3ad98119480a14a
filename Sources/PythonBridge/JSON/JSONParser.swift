import CPython
import JSONTape

// The structure of a JSON document: values, objects, arrays, and the delimiters between them.
// Strings are in JSONParser+Strings.swift, numbers and literals in JSONParser+Numbers.swift.
//
// The grammar, the error messages and the positions they name follow CPython 3.11's
// `Modules/_json.c` (`scan_once_unicode`, `_parse_object_unicode`, `_parse_array_unicode`), so
// that every input gets the answer `json.loads` gives. Unlike `_json.c` the parser does not
// recurse: open containers live on an explicit stack, so no input can exhaust the native stack,
// and Python's recursion limit (`Py_EnterRecursiveCall`, per container, as `_json.c` does) is
// what refuses deep nesting, with the same RecursionError.

/// Why decoding stopped, with the byte offset `json.loads` would name. The decoder turns it into
/// the public `JSONDecodeFailure` (character position, line, column).
enum JSONFault: Error {
    /// Not JSON: `json.JSONDecodeError` with this message.
    case syntax(StaticString, at: Int)
    /// Not UTF-8: the reason as Python's codec words it, at the offending byte.
    case invalidUTF8(reason: StaticString, at: Int)
    /// A Python exception while building objects (RecursionError, MemoryError, an int with more
    /// digits than `sys.get_int_max_str_digits()` allows).
    case python(PythonError, at: Int)
}

/// An open object or array.
struct JSONFrame {
    var isObject: Bool
    /// Index in `JSONBuffers.values` of the container's first item (arrays) or key (objects).
    var firstItem: Int
}

/// The memory a parser works in. A decoder owns one set between documents (they only grow, up to
/// a trim after an unusually large document); its parser borrows them for one document.
struct JSONBuffers {
    /// Owned references: the finished items of open arrays, and the keys and values of open
    /// objects, in order. A container is made when it closes, from its slice of this stack.
    var values = RawStack<PyObjectPointer>(capacity: 256)
    var frames = RawStack<JSONFrame>(capacity: 32)
    /// The code points of a string with escapes, decoded before the `str` is made.
    var text = RawStack<UInt32>(capacity: 256)
    /// A number's text, NUL-terminated for the C converters.
    var digits = RawStack<CChar>(capacity: 64)
    /// Short object keys seen before (interned) and short string values seen before.
    /// Records of one source share a few dozen keys and a few hundred short values.
    var keys = JSONStringMemo(slotCount: 2048)
    var strings = JSONStringMemo(slotCount: 4096)

    /// Releases the memoized strings (the GIL must be held) and frees everything.
    mutating func deallocate() {
        keys.deallocate()
        strings.deallocate()
        values.deallocate()
        frames.deallocate()
        text.deallocate()
        digits.deallocate()
    }
}

/// The objects `NaN`, `Infinity` and `-Infinity` decode to: `json.loads` gives the same three
/// `float` objects every time (`json.decoder`'s constants), so two decodes of a line with `NaN`
/// are equal (`==` on containers compares items by identity first, and `nan != nan`), and a
/// record must be equal to `json.loads` of its line for the same reason. Borrowed: the decoder
/// keeps them.
struct JSONConstants {
    let nan: PyObjectPointer
    let infinity: PyObjectPointer
    let negativeInfinity: PyObjectPointer
}

/// Parses one document from raw bytes into new Python objects. Made per document; the
/// objects it has made are owned by `buffers.values` until they are returned or released.
struct JSONParser: ~Copyable {
    let input: UnsafePointer<UInt8>
    let count: Int
    var position: Int
    var buffers: JSONBuffers
    /// Makes the container of each object (`dict`, or the decoder's subclass of it).
    let objects: JSONObjectMaker
    let constants: JSONConstants

    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")

    /// Skips what Python's `json` counts as whitespace: space, tab, newline, carriage return.
    @inline(__always)
    mutating func skipWhitespace() {
        while position < count, isJSONWhitespace(input[position]) { position += 1 }
    }

    /// Parses the value at `position` and leaves `position` just past it: a new reference.
    /// On failure every object made so far is released and every recursion level left.
    mutating func parseValue(_ gil: borrowing GILToken) throws(JSONFault) -> PyObjectPointer {
        do {
            return try parseValues(gil)
        } catch {
            unwind()
            throw error
        }
    }

    private mutating func parseValues(_ gil: borrowing GILToken) throws(JSONFault) -> PyObjectPointer {
        while true {
            guard position < count else { throw .syntax("Expecting value", at: position) }
            var value: PyObjectPointer
            switch input[position] {
            case UInt8(ascii: "{"):
                let frame = try open(isObject: true, gil)
                skipWhitespace()
                guard position < count, input[position] == UInt8(ascii: "}") else {
                    try readKeyAndColon(gil)
                    continue
                }
                position += 1
                value = try close(frame, gil)
            case UInt8(ascii: "["):
                let frame = try open(isObject: false, gil)
                skipWhitespace()
                guard position < count, input[position] == UInt8(ascii: "]") else { continue }
                position += 1
                value = try close(frame, gil)
            case Self.quote:
                value = try readString(gil)
            default:
                value = try readScalar(gil)
            }
            // A value is complete: hand it to the innermost open container, closing containers
            // for as long as their closing bracket follows, until the next value is due.
            while let frame = buffers.frames.last {
                buffers.values.push(value)
                skipWhitespace()
                let closer = frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if position < count, input[position] == closer {
                    position += 1
                    value = try close(frame, gil)
                    continue
                }
                guard position < count, input[position] == UInt8(ascii: ",") else {
                    throw .syntax("Expecting ',' delimiter", at: position)
                }
                position += 1
                skipWhitespace()
                if frame.isObject { try readKeyAndColon(gil) }
                break
            }
            if buffers.frames.count == 0 { return value }
        }
    }

    /// Enters a container at `position` (its opening bracket) and moves past the bracket.
    /// Returns the frame pushed for it.
    mutating func open(isObject: Bool, _ gil: borrowing GILToken) throws(JSONFault) -> JSONFrame {
        let context: StaticString = isObject
            ? " while decoding a JSON object from a unicode string"
            : " while decoding a JSON array from a unicode string"
        let text = UnsafeRawPointer(context.utf8Start).assumingMemoryBound(to: CChar.self)
        if Py_EnterRecursiveCall(text) != 0 {
            // `PythonError.fetch` formats the exception with `str()`, which needs recursion budget
            // of its own: give back the levels this document entered before fetching it.
            var type: PyObjectPointer?
            var value: PyObjectPointer?
            var traceback: PyObjectPointer?
            PyErr_Fetch(&type, &value, &traceback)
            unwind()
            PyErr_Restore(type, value, traceback)
            throw .python(.fetch(gil), at: position)
        }
        let frame = JSONFrame(isObject: isObject, firstItem: buffers.values.count)
        buffers.frames.push(frame)
        position += 1
        return frame
    }

    /// Reads an object key, the `:` after it and the whitespace before the value.
    private mutating func readKeyAndColon(_ gil: borrowing GILToken) throws(JSONFault) {
        guard position < count, input[position] == Self.quote else {
            throw .syntax("Expecting property name enclosed in double quotes", at: position)
        }
        buffers.values.push(try readKey(gil))
        skipWhitespace()
        guard position < count, input[position] == UInt8(ascii: ":") else {
            throw .syntax("Expecting ':' delimiter", at: position)
        }
        position += 1
        skipWhitespace()
    }

    /// Closes `frame`, the innermost container: makes it from its slice of `values`, which it
    /// takes over. Returns a new reference. On failure the slice stays on `values` for `unwind`.
    mutating func close(_ frame: JSONFrame, _ gil: borrowing GILToken) throws(JSONFault) -> PyObjectPointer {
        buffers.frames.count -= 1
        Py_LeaveRecursiveCall()
        let first = frame.firstItem
        let end = buffers.values.count
        if !frame.isObject {
            guard let list = PyList_New(end - first) else { throw .python(.fetch(gil), at: position - 1) }
            for index in first..<end { CPy_List_SET_ITEM(list, index - first, buffers.values[index]) }
            buffers.values.count = first
            return list
        }
        guard let object = objects.make(count: (end - first) / 2) else { throw .python(.fetch(gil), at: position - 1) }
        var index = first
        while index < end {
            // Insertion in document order: a repeated key keeps its first position and takes its
            // last value, as `json.loads` gives.
            if PyDict_SetItem(object, buffers.values[index], buffers.values[index + 1]) != 0 {
                let error = PythonError.fetch(gil)
                CPy_DECREF(object)
                throw .python(error, at: position - 1)
            }
            index += 2
        }
        for index in first..<end { CPy_DECREF(buffers.values[index]) }
        buffers.values.count = first
        return object
    }

    /// Releases every object made so far and leaves every recursion level entered.
    mutating func unwind() {
        while buffers.frames.popLast() != nil { Py_LeaveRecursiveCall() }
        while let value = buffers.values.popLast() { CPy_DECREF(value) }
    }
}
