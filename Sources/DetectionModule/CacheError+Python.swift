import CacheCore
import CPython
import PythonBridge

// How a refused cache operation reaches Python (DESIGN §3.1): a wrong kind is a TypeError, a
// counter out of range an OverflowError, a broken limit a ValueError, and a failing store a
// `detection.RemoteCacheError` (a RuntimeError) whose message starts with the store's error code.
extension CacheError: PythonRaisable {
    public func raise(_ gil: borrowing GILToken) {
        let type: PyObjectPointer = switch self {
        case .wrongKind: CPy_Exc_TypeError()
        case .overflow: CPy_Exc_OverflowError()
        case .invalidNamespace, .invalidKey, .invalidTTL, .valueTooLarge, .invalidMember: CPy_Exc_ValueError()
        case .store: ModuleState.storeErrorType ?? CPy_Exc_RuntimeError()
        }
        PyErr_SetString(type, description)
    }
}
