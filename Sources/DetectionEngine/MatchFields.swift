import PythonBridge

/// Resolves what an alert row says about a match, as Matano's runtime does (DESIGN §4): each
/// optional function when the detection defines it, else `detection.yml`, else the default.
/// An optional function that raises is reported and its fallback used.
struct MatchFields {
    var title: String
    var dedupe: String
    var severity: String
    var description: String?
    var runbook: String?
    var reference: String?
    var destinations: [String]
    /// JSON text, or nil.
    var alertContext: String?
}

struct MatchResolver {
    let report: ErrorReport

    func resolve(_ detection: LoadedDetection, record: PyObjectPointer, file: String, line: Int,
                 _ gil: borrowing GILToken) -> MatchFields {
        let metadata = detection.metadata
        let title = text(.title, detection, record, file, line, gil) ?? metadata.displayName ?? detection.name
        return MatchFields(
            title: title,
            dedupe: text(.dedupe, detection, record, file, line, gil) ?? title,
            severity: text(.severity, detection, record, file, line, gil)?.lowercased() ?? metadata.severity ?? "info",
            description: text(.description, detection, record, file, line, gil) ?? metadata.description,
            runbook: text(.runbook, detection, record, file, line, gil) ?? metadata.runbook,
            reference: text(.reference, detection, record, file, line, gil) ?? metadata.references.first,
            destinations: textList(.destinations, detection, record, file, line, gil) ?? metadata.destinations,
            alertContext: json(.alertContext, detection, record, file, line, gil)
        )
    }

    /// The function's result as a new reference, or nil when it is not defined, returned None,
    /// or raised (then reported).
    private func result(_ function: OptionalFunction, _ detection: LoadedDetection, _ record: PyObjectPointer,
                        _ file: String, _ line: Int, _ gil: borrowing GILToken) -> PyOwned? {
        guard let callable = detection.functions[function] else { return nil }
        do {
            let value = try call(callable.pointer(gil), record, gil)
            if isNone(value.pointer(gil)) { return nil }
            return value
        } catch {
            report.detectionFailed(detection, function: function.rawValue, error: error, file: file, line: line, gil)
            return nil
        }
    }

    private func text(_ function: OptionalFunction, _ detection: LoadedDetection, _ record: PyObjectPointer,
                      _ file: String, _ line: Int, _ gil: borrowing GILToken) -> String? {
        guard let value = result(function, detection, record, file, line, gil) else { return nil }
        return try? pyStr(value.pointer(gil), gil)
    }

    private func textList(_ function: OptionalFunction, _ detection: LoadedDetection, _ record: PyObjectPointer,
                          _ file: String, _ line: Int, _ gil: borrowing GILToken) -> [String]? {
        guard let value = result(function, detection, record, file, line, gil) else { return nil }
        if isString(value.pointer(gil)) { return (try? pyStr(value.pointer(gil), gil)).map { [$0] } }
        return try? swiftStrings(value.pointer(gil), gil)
    }

    private func json(_ function: OptionalFunction, _ detection: LoadedDetection, _ record: PyObjectPointer,
                      _ file: String, _ line: Int, _ gil: borrowing GILToken) -> String? {
        guard let value = result(function, detection, record, file, line, gil),
              let json = try? EngineSupport.function("to_json", gil),
              let text = try? call(json.pointer(gil), value.pointer(gil), gil) else { return nil }
        return try? swiftString(text.pointer(gil), gil)
    }
}
