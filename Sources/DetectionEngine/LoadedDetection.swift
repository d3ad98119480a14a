import PythonBridge

/// A detection imported into the interpreter, ready to run.
public final class LoadedDetection: @unchecked Sendable {
    // @unchecked: the Python references are used only under the GIL.

    public let name: String
    public let scriptPath: String
    public let metadata: DetectionMetadata
    let detect: PyShared
    /// The optional functions the file defines (`title`, `dedupe`, `severity`, ...).
    let functions: [OptionalFunction: PyShared]

    init(name: String, scriptPath: String, metadata: DetectionMetadata, detect: PyShared, functions: [OptionalFunction: PyShared]) {
        self.name = name
        self.scriptPath = scriptPath
        self.metadata = metadata
        self.detect = detect
        self.functions = functions
    }
}

/// The functions besides `detect` that Matano's runtime calls on a match (DESIGN §4).
public enum OptionalFunction: String, CaseIterable, Sendable {
    case title, dedupe, severity, description, runbook, reference
    case alertContext = "alert_context"
    case destinations
}
