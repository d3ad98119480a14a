import PythonBridge

/// The Python half of Panther support, compiled once per process from sources embedded in the
/// binary: the event, the caching functions and the rules module, imported in that order (each
/// imports the one before it by name), after the engine's own `_detection_host`.
enum PantherPython {
    nonisolated(unsafe) private static var rules: PyObjectPointer?

    /// The rules module `_detection_host_panther` (a borrowed reference that lives for the
    /// process; made on first use, the GIL guards it).
    static func module(_ gil: borrowing GILToken) throws -> PyObjectPointer {
        if let rules { return rules }
        _ = try EngineSupport.module(gil)  // the rules module imports its helpers (`error_line`)
        let parts = [("_detection_host_panther_event", eventSource), ("_detection_host_panther_caching", cachingSource),
                     ("_detection_host_panther", rulesSource)]
        var last: PyObjectPointer?
        for (name, source) in parts {
            // The "<detection-host" prefix lets tracebacks shown to users leave these frames out.
            let code = try compile(source, filename: "<detection-host \(name)>", gil)
            last = try importCode(code.pointer(gil), as: name, path: nil, gil).release()
        }
        guard let last else { throw LoadError(description: "the Panther support modules did not load") }
        rules = last
        return last
    }

    /// A new reference to a function (or class) of the rules module.
    static func function(_ name: String, _ gil: borrowing GILToken) throws -> PyOwned {
        try getAttr(try module(gil), name, gil)
    }
}
