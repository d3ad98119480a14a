import Foundation
import Yams

/// One analysis spec of a panther-analysis tree (DESIGN §9): the YAML file and what the host
/// uses of it.
struct PantherSpec: Sendable {
    enum Kind: String, Sendable {
        case rule, scheduledRule = "scheduled_rule", policy, global, dataModel = "datamodel"

        var isDetection: Bool { self == .rule || self == .scheduledRule || self == .policy }
    }

    let kind: Kind
    /// `RuleID`, `PolicyID`, `GlobalID` or `DataModelID`.
    let id: String
    let specPath: String
    /// `Filename`, resolved beside the spec (a data model may have none).
    let scriptPath: String?
    let enabled: Bool
    let severity: String?
    let displayName: String?
    let description: String?
    let runbook: String?
    let reference: String?
    let dedupPeriodMinutes: Int
    let threshold: Int
    /// `LogTypes`, or a policy's `ResourceTypes`.
    let logTypes: [String]
    /// `Tests`, as written (a list of mappings), for the case runner.
    let tests: CaseNode?
    /// A data model's `Mappings`.
    let mappings: CaseNode?
    /// The rule has `InlineFilters`, which only Panther's backend applies.
    let hasInlineFilters: Bool
}

/// What a YAML file of the tree turned out to be.
enum PantherSpecReading: Sendable {
    case spec(PantherSpec)
    /// An analysis item the host does not run, with why (correlation rule, YAML-only rule, ...).
    case unsupported(kind: String, id: String, path: String)
    /// Not an analysis spec at all (no `AnalysisType`), or one that is not a detection
    /// (packs, queries, lookup tables): nothing to run or test.
    case other(kind: String?)
}

extension PantherSpec {
    static let ignoredKinds: Set<String> = ["pack", "saved_query", "scheduled_query", "lookup_table"]

    /// Reads one YAML file; a malformed spec throws a message naming the file and the key.
    static func read(_ path: String) throws(CaseFileError) -> PantherSpecReading {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CaseFileError(path: path, line: 0, message: "cannot read: \(error.localizedDescription)")
        }
        // Most YAML in a checkout is a spec; the rest (CI files, scenarios) is left unparsed.
        guard text.contains("AnalysisType") else { return .other(kind: nil) }
        guard let root = try CaseNode.parseYAML(text, path: path, dialect: .yaml12), root.entries != nil else { return .other(kind: nil) }
        guard let type = root["AnalysisType"]?.string else { return .other(kind: nil) }
        let id = root["RuleID"]?.string ?? root["PolicyID"]?.string ?? root["GlobalID"]?.string
            ?? root["DataModelID"]?.string ?? root["CorrelationRuleID"]?.string ?? ""
        guard let kind = Kind(rawValue: type) else {
            if ignoredKinds.contains(type) { return .other(kind: type) }
            return .unsupported(kind: type == "correlation_rule" ? "correlation rule" : type, id: id, path: path)
        }
        let filename = root["Filename"]?.string
        if kind.isDetection && filename == nil {
            let what = root["Detection"] != nil ? "YAML rule (Detection:)" : "\(type) without Filename"
            return .unsupported(kind: what, id: id, path: path)
        }
        guard !id.isEmpty || kind == .dataModel else {
            throw CaseFileError(path: path, line: root.line, message: "\(type) has no id (RuleID, PolicyID or GlobalID)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        return .spec(PantherSpec(
            kind: kind, id: id, specPath: path,
            scriptPath: filename.map { (directory as NSString).appendingPathComponent($0) },
            enabled: root["Enabled"]?.bool ?? true,
            severity: root["Severity"]?.string,
            displayName: root["DisplayName"]?.string,
            description: root["Description"]?.string,
            runbook: root["Runbook"]?.string,
            reference: root["Reference"]?.string,
            dedupPeriodMinutes: root["DedupPeriodMinutes"]?.integer ?? 60,
            threshold: root["Threshold"]?.integer ?? 1,
            logTypes: (root["LogTypes"] ?? root["ResourceTypes"])?.items?.compactMap(\.string) ?? [],
            tests: root["Tests"],
            mappings: root["Mappings"],
            hasInlineFilters: root["InlineFilters"] != nil
        ))
    }
}

extension CaseNode {
    /// A whole number written as one.
    var integer: Int? {
        if case let .number(text) = kind { return Int(text) }
        return nil
    }
}
