import DetectionModule
import PythonBridge

/// A Panther detection imported into the interpreter (or why it could not be).
struct PantherRule {
    let spec: PantherSpec
    /// The Python `Rule` adapter; nil when the rule's file did not import.
    let adapter: PyShared?
    let loadError: String?
}

/// Makes a checkout's globals importable and its data models usable, then imports each rule
/// once, under its id (DESIGN §9).
enum PantherLoader {
    /// Sets up the checkout; returns the problems found with its data models.
    static func prepare(_ tree: PantherTree, _ gil: borrowing GILToken) throws -> [String] {
        let globals = tree.globals.compactMap { spec in
            spec.scriptPath.map { CaseNode.object(["id": .text(spec.id), "path": .text($0)]) }
        }
        let models = tree.dataModels.map { spec in
            CaseNode.object([
                "id": .text(spec.id), "spec": .text(spec.specPath),
                "path": spec.scriptPath.map(CaseNode.text) ?? CaseNode(.null),
                "log_types": CaseNode(.list(spec.logTypes.map(CaseNode.text))),
                "mappings": spec.mappings ?? CaseNode(.list([])),
            ])
        }
        let config = try pyString(CaseNode.object(["globals": CaseNode(.list(globals)), "data_models": CaseNode(.list(models))]).jsonText, gil)
        let setup = try PantherPython.function("setup", gil)
        let recordType = DetectionModule.recordType(gil) ?? noneObject()
        let problems = try call(setup.pointer(gil), [config.pointer(gil), recordType], gil)
        return try swiftStrings(problems.pointer(gil), gil)
    }

    /// Imports one detection; a rule that does not import is returned with the reason.
    static func load(_ spec: PantherSpec, defaultLogType: String? = nil, _ gil: borrowing GILToken) -> PantherRule {
        guard let path = spec.scriptPath else {
            return PantherRule(spec: spec, adapter: nil, loadError: "\(spec.specPath): no Filename")
        }
        do {
            let description = CaseNode.object([
                "id": .text(spec.id), "kind": .text(spec.kind.rawValue), "path": .text(path),
                "severity": spec.severity.map(CaseNode.text) ?? CaseNode(.null),
                "default_log_type": defaultLogType.map(CaseNode.text) ?? CaseNode(.null),
            ])
            let text = try pyString(description.jsonText, gil)
            let adapter = try call(try PantherPython.function("load_rule", gil).pointer(gil), text.pointer(gil), gil)
            return PantherRule(spec: spec, adapter: adapter.shared(), loadError: nil)
        } catch let error as PythonError {
            return PantherRule(spec: spec, adapter: nil, loadError: describe(error, spec: spec, path: path, gil))
        } catch {
            return PantherRule(spec: spec, adapter: nil, loadError: "\(path): rule \(spec.id): \(error)")
        }
    }

    private static func describe(_ failure: PythonError, spec: PantherSpec, path: String, _ gil: borrowing GILToken) -> String {
        do {
            let function = try PantherPython.function("load_error", gil)
            let id = try pyString(spec.id, gil)
            let file = try pyString(path, gil)
            let text = try call(function.pointer(gil), [failure.exception.pointer(gil), id.pointer(gil), file.pointer(gil)], gil)
            return try swiftString(text.pointer(gil), gil)
        } catch {
            return "\(path): rule \(spec.id): \(failure.typeName): \(failure.message)"
        }
    }

    /// The rule as a detection `run` runs: `detect` and the optional functions the file
    /// defines, with the spec's severity, threshold and dedup period.
    static func detection(_ rule: PantherRule, adapter: PyShared, _ gil: borrowing GILToken) throws -> LoadedDetection {
        let object = adapter.pointer(gil)
        let detect = try getAttr(object, "module_detect", gil)
        let lookup = try getAttr(object, "function", gil)
        var functions: [OptionalFunction: PyShared] = [:]
        for function in OptionalFunction.allCases {
            let name = try pyString(function.rawValue, gil)
            let value = try call(lookup.pointer(gil), name.pointer(gil), gil)
            if !isNone(value.pointer(gil)) { functions[function] = value.shared() }
        }
        var metadata = DetectionMetadata()
        let spec = rule.spec
        metadata.name = spec.id
        metadata.displayName = spec.displayName
        metadata.description = spec.description
        metadata.runbook = spec.runbook
        metadata.references = spec.reference.map { [$0] } ?? []
        metadata.enabled = spec.enabled
        metadata.severity = spec.severity?.lowercased()
        metadata.threshold = max(spec.threshold, 1)
        metadata.deduplicationWindow = max(spec.dedupPeriodMinutes, 0) * 60
        metadata.tables = spec.logTypes
        return LoadedDetection(name: spec.id, scriptPath: spec.scriptPath ?? spec.specPath, metadata: metadata,
                               detect: detect.shared(), functions: functions)
    }
}

extension CaseNode {
    static func text(_ value: String) -> CaseNode { CaseNode(.string(value)) }

    /// A mapping with keys in the order given.
    static func object(_ pairs: KeyValuePairs<String, CaseNode>) -> CaseNode {
        CaseNode(.map(pairs.map { Entry(key: $0.key, keyLine: 0, value: $0.value) }))
    }
}
