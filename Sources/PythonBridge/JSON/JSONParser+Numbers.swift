import CPython
import JSONTape

// Numbers and the literals `null`, `true`, `false`, `NaN`, `Infinity`, `-Infinity`, as
// `scan_once_unicode` and `_match_number_unicode` in CPython 3.11's `Modules/_json.c` read them.
//
// A number's extent is found by the same rules (no leading zeros, no `+`, a fraction needs a digit
// after the dot, an exponent without digits is left for the caller as "Extra data"). Values are
// converted as Python converts them: ints of up to 18 digits directly, longer ones by
// `PyLong_FromString` (arbitrary size, and the same `sys.get_int_max_str_digits()` limit), floats
// by `PyOS_string_to_double`, the function `float()` uses, so rounding, `-0.0` and overflow to
// `inf` (`1e400`) are Python's.

extension JSONParser {
    /// Reads the literal or number at `position` (which is not a string, object or array): a new
    /// reference. Anything else is "Expecting value", as Python says.
    mutating func readScalar(_ gil: borrowing GILToken) throws(JSONFault) -> PyObjectPointer {
        let start = position
        switch input[start] {
        case UInt8(ascii: "n") where matches("null", at: start):
            position += 4
            return newReference(CPy_None())
        case UInt8(ascii: "t") where matches("true", at: start):
            position += 4
            return newReference(CPy_True())
        case UInt8(ascii: "f") where matches("false", at: start):
            position += 5
            return newReference(CPy_False())
        case UInt8(ascii: "N") where matches("NaN", at: start):
            position += 3
            return newReference(constants.nan)
        case UInt8(ascii: "I") where matches("Infinity", at: start):
            position += 8
            return newReference(constants.infinity)
        case UInt8(ascii: "-") where matches("-Infinity", at: start):
            position += 9
            return newReference(constants.negativeInfinity)
        default:
            return try readNumber(gil)
        }
    }

    /// Whether the bytes at `index` spell `literal`.
    @inline(__always)
    private func matches(_ literal: StaticString, at index: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        return count - index >= length && memcmp(input + index, literal.utf8Start, length) == 0
    }

    @inline(__always)
    private func newReference(_ singleton: PyObjectPointer) -> PyObjectPointer {
        CPy_INCREF(singleton)
        return singleton
    }

    /// Reads the number at `position`: an `int`, or a `float` when it has a fraction or an
    /// exponent.
    mutating func readNumber(_ gil: borrowing GILToken) throws(JSONFault) -> PyObjectPointer {
        let start = position
        var index = start
        let negative = input[index] == UInt8(ascii: "-")
        if negative {
            index += 1
            guard index < count else { throw .syntax("Expecting value", at: start) }
        }
        let digitsStart = index
        switch input[index] {
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            index += 1
            while index < count, isJSONDigit(input[index]) { index += 1 }
        case UInt8(ascii: "0"):
            index += 1
        default:
            throw .syntax("Expecting value", at: start)
        }
        let digitsEnd = index
        var isFloat = false
        if index + 1 < count, input[index] == UInt8(ascii: "."), isJSONDigit(input[index + 1]) {
            isFloat = true
            index += 2
            while index < count, isJSONDigit(input[index]) { index += 1 }
        }
        if index + 1 < count, input[index] | 0x20 == UInt8(ascii: "e") {
            let exponentStart = index
            index += 1
            if index + 1 < count, input[index] == UInt8(ascii: "-") || input[index] == UInt8(ascii: "+") {
                index += 1
            }
            while index < count, isJSONDigit(input[index]) { index += 1 }
            // Without digits the `e` is not part of the number (it is then "Extra data").
            if isJSONDigit(input[index - 1]) { isFloat = true } else { index = exponentStart }
        }
        position = index

        if !isFloat, digitsEnd - digitsStart <= 18 {
            var value: Int64 = 0
            for digit in digitsStart..<digitsEnd {
                value = value &* 10 &+ Int64(input[digit] &- UInt8(ascii: "0"))
            }
            guard let int = PyLong_FromLongLong(negative ? -value : value) else {
                throw .python(.fetch(gil), at: start)
            }
            return int
        }
        let text = copyText(from: start, to: index)
        if isFloat {
            // No end pointer: the whole text must be a number, which the scan above guarantees.
            let value = PyOS_string_to_double(text, nil, nil)
            if value == -1.0, PyErr_Occurred() != nil { throw .python(.fetch(gil), at: start) }
            return try makeFloat(value, at: start, gil)
        }
        guard let int = PyLong_FromString(text, nil, 10) else { throw .python(.fetch(gil), at: start) }
        return int
    }

    /// The bytes `start..<end` as a NUL-terminated C string in `buffers.digits` (valid until the
    /// next call).
    private mutating func copyText(from start: Int, to end: Int) -> UnsafePointer<CChar> {
        buffers.digits.count = 0
        buffers.digits.reserve(end - start + 1)
        for index in start..<end { buffers.digits.pushUnchecked(CChar(bitPattern: input[index])) }
        buffers.digits.pushUnchecked(0)
        return UnsafePointer(buffers.digits.base)
    }

    @inline(__always)
    private func makeFloat(_ value: Double, at start: Int, _ gil: borrowing GILToken) throws(JSONFault) -> PyObjectPointer {
        guard let float = PyFloat_FromDouble(value) else { throw .python(.fetch(gil), at: start) }
        return float
    }
}
