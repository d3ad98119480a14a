import PythonBridge

/// The objects the `detection` module creates once per process and its slot bodies need.
///
/// Written once by the module's init function and read afterwards; both happen with the GIL
/// held, which is what makes the unchecked access safe.
enum ModuleState {
    nonisolated(unsafe) static var recordType: PyObjectPointer?
    nonisolated(unsafe) static var stringSetType: PyObjectPointer?
    nonisolated(unsafe) static var remoteCacheType: PyObjectPointer?
    /// A dict from dotted `deepget` paths to their segments (see `RecordType.pathSegments`).
    nonisolated(unsafe) static var deepgetPaths: PyObjectPointer?
    /// `detection.RemoteCacheError`, raised when a store fails (I/O, network, server).
    nonisolated(unsafe) static var storeErrorType: PyObjectPointer?
}
