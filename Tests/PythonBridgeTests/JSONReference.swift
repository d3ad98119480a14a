import CPython
import JSONTape
import PythonBridge

/// `json.loads` as the reference the decoder is compared with, and the comparison itself.
///
/// The comparison is exact: the same types at every level (objects of the decoder's object type
/// where json.loads has `dict`), the same keys in the same order, equal values, floats compared by
/// `repr` (so `nan`, `-0.0` and `inf` count), and failures with the same message.
struct JSONReference {
    private static let source = """
    import json

    class Record(dict):
        def __init__(self, *args, **kwargs):
            raise AssertionError("the decoder must not call __init__")

    def reference(data):
        try:
            return ("ok", json.loads(data))
        except json.JSONDecodeError as error:
            return ("syntax", str(error))
        except UnicodeDecodeError as error:
            return ("encoding", str(error))
        except RecursionError as error:
            return ("RecursionError", str(error))
        except ValueError as error:
            return ("ValueError", str(error))

    def same(mine, theirs, object_type):
        if type(theirs) is dict:
            if type(mine) is not object_type or list(mine) != list(theirs):
                return False
            return all(same(mine[key], theirs[key], object_type) for key in theirs)
        if type(mine) is not type(theirs):
            return False
        if type(theirs) is list:
            return len(mine) == len(theirs) and all(same(a, b, object_type) for a, b in zip(mine, theirs))
        if type(theirs) is float:
            return repr(mine) == repr(theirs)
        return mine == theirs
    """

    let reference: PyShared
    let same: PyShared
    /// A `dict` subclass whose `__init__` raises, for decoders with an object type.
    let recordType: PyShared
    let dictType: PyShared

    init(_ gil: borrowing GILToken) throws {
        let globals = try pyDict(gil)
        let code = try compile(Self.source, filename: "<json reference>", gil)
        try exec(code.pointer(gil), globals: globals.pointer(gil), gil)
        func named(_ name: String) throws -> PyShared {
            guard let object = try dictItem(globals.pointer(gil), name, gil) else {
                throw PythonException(.keyError, name)
            }
            return PyShared(retaining: object, gil)
        }
        reference = try named("reference")
        same = try named("same")
        recordType = try named("Record")
        let sample = try pyDict(gil)
        dictType = PyShared(retaining: UnsafeMutableRawPointer(CPy_TYPE(sample.pointer(gil))).assumingMemoryBound(to: PyObject.self), gil)
    }

    /// Decodes `bytes` with `decoder`: the new reference, or the failure. With `viaTape`, the
    /// way the engine decodes records: scanned into a `JSONTape` first, then built from it
    /// (`tape` counts the documents the scan took).
    static func decode(_ bytes: [UInt8], with decoder: JSONRecordDecoder, viaTape: Bool = false,
                       tape: TapeCount? = nil, _ gil: borrowing GILToken) -> (PyObjectPointer?, JSONDecodeFailure?) {
        bytes.withUnsafeBytes { raw in
            do throws(JSONDecodeFailure) {
                if viaTape {
                    let scanned = JSONTape()
                    if let first = scanned.scan(raw) {
                        tape?.scanned += 1
                        return (try decoder.decode(raw, tape: scanned.entries, first: first, gil).release(), nil)
                    }
                }
                return (try decoder.decode(raw, gil).release(), nil)
            } catch {
                return (nil, error)
            }
        }
    }

    /// How many documents a `JSONTape` scan took (the rest it left to the parser).
    final class TapeCount {
        var scanned = 0
    }

    /// Nil when `decoder` and `json.loads` agree on `bytes`, else what differs.
    func disagreement(on bytes: [UInt8], decoder: JSONRecordDecoder, objectType: PyObjectPointer, viaTape: Bool = false,
                      tape: TapeCount? = nil, _ gil: borrowing GILToken) throws -> String? {
        let data = try check(bytes.withUnsafeBytes { raw in
            PyBytes_FromStringAndSize(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
        }, gil)
        let outcome = try call(reference.pointer(gil), data.pointer(gil), gil)
        let tag = try swiftString(CPy_Tuple_GET_ITEM(outcome.pointer(gil), 0), gil)
        let expected = CPy_Tuple_GET_ITEM(outcome.pointer(gil), 1)!
        let (result, failure) = Self.decode(bytes, with: decoder, viaTape: viaTape, tape: tape, gil)
        let input = String(decoding: bytes.prefix(300), as: UTF8.self).debugDescription
        if let result {
            let mine = PyOwned(stealing: result)
            guard tag == "ok" else {
                return "json.loads failed (\(tag): \(try pyStr(expected, gil))) but the decoder gave \(try pyRepr(mine.pointer(gil), gil)) for \(input)"
            }
            let equal = try call(same.pointer(gil), [mine.pointer(gil), expected, objectType], gil)
            guard try isTruthy(equal.pointer(gil), gil) else {
                return "decoder gave \(try pyRepr(mine.pointer(gil), gil)), json.loads \(try pyRepr(expected, gil)) for \(input)"
            }
            return nil
        }
        guard let failure else { return "neither a value nor a failure for \(input)" }
        let message = try pyStr(expected, gil)
        switch tag {
        case "ok":
            return "decoder failed (\(failure)) but json.loads gave \(try pyRepr(expected, gil)) for \(input)"
        case "syntax":
            guard failure.kind == .syntax, failure.description == message else {
                return "decoder failed with \(failure.kind) '\(failure)', json.loads with '\(message)' for \(input)"
            }
        case "encoding":
            // json.loads decodes all the bytes before parsing; the decoder meets a syntax error
            // before a later bad byte. Both must refuse; which reason comes first may differ.
            break
        default:
            guard failure.kind == .python, failure.pythonError?.typeName == tag, failure.pythonError?.message == message else {
                return "decoder failed with '\(failure)', json.loads with \(tag) '\(message)' for \(input)"
            }
        }
        return nil
    }
}
