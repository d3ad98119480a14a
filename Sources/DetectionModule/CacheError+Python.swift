import CacheCore
import PythonBridge

// How a refused cache operation reaches Python (DESIGN §3.1): a wrong kind is a TypeError, a
// counter out of range an OverflowError, a broken limit a ValueError, and a failing store a
// `detection.RemoteCacheError` (a RuntimeError) whose message starts with the store's error code.
extension CacheError: PythonRaisable {
    public func raise(_ gil: borrowing GILToken) {
        switch self {
        case .wrongKind:
            PythonException(.typeError, description).raise(gil)
        case .overflow:
            PythonException(.overflowError, description).raise(gil)
        case .invalidNamespace, .invalidKey, .invalidTTL, .valueTooLarge, .invalidMember:
            PythonException(.valueError, description).raise(gil)
        case .store:
            if let storeError = ModuleState.storeErrorType {
                errSetString(storeError, description, gil)
            } else {
                PythonException(.runtimeError, description).raise(gil)
            }
        }
    }
}
