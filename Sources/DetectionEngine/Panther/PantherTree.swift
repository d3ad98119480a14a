import Dispatch
import Foundation
import Synchronization

/// The specs of a panther-analysis checkout that a command was pointed at (DESIGN §9): the
/// detections under the given paths, and the globals and data models of the whole checkout.
struct PantherTree: Sendable {
    struct Skipped: Sendable {
        let kind: String
        let id: String
        let path: String
    }

    var detections: [PantherSpec] = []
    var globals: [PantherSpec] = []
    var dataModels: [PantherSpec] = []
    /// Detections the host does not run, named in the summary.
    var unsupported: [Skipped] = []

    /// The checkout holding `path` (itself or an ancestor with `global_helpers/` and
    /// `data_models/`), or nil when `path` is not in one.
    static func checkoutRoot(containing path: String) -> String? {
        let absolute = path.hasPrefix("/")
            ? path
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        var candidate = (absolute as NSString).standardizingPath
        while true {
            if isCheckout(candidate) { return candidate }
            let parent = (candidate as NSString).deletingLastPathComponent
            if parent == candidate || parent.isEmpty { return nil }
            candidate = parent
        }
    }

    static func isCheckout(_ directory: String) -> Bool {
        var isDirectory: ObjCBool = false
        return ["global_helpers", "data_models"].allSatisfy {
            FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0), isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
    }

    /// Reads the specs of the checkout `root` that lie under `paths` (each the root, a folder in
    /// it or one spec file); globals and data models come from the whole checkout.
    static func load(root: String, paths: [String]) throws(CaseFileError) -> PantherTree {
        var tree = PantherTree()
        let wanted = paths.map { path -> String in
            let absolute = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
            return (absolute as NSString).standardizingPath
        }
        for (file, reading) in readAll(specFiles(under: root)) {
            switch try reading.get() {
            case let .spec(spec):
                switch spec.kind {
                case .global: tree.globals.append(spec)
                case .dataModel: tree.dataModels.append(spec)
                default:
                    if wanted.contains(where: { Self.path(file, isWithin: $0) }) { tree.detections.append(spec) }
                }
            case let .unsupported(kind, id, path):
                if wanted.contains(where: { Self.path(file, isWithin: $0) }) {
                    tree.unsupported.append(Skipped(kind: kind, id: id, path: path))
                }
            case .other:
                continue
            }
        }
        return tree
    }

    /// Every file's reading, in the order given; the files are parsed on all cores (YAML
    /// parsing is most of what loading a checkout costs outside Python).
    private static func readAll(_ files: [String]) -> [(String, Result<PantherSpecReading, CaseFileError>)] {
        let results = Mutex([Result<PantherSpecReading, CaseFileError>?](repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let reading = Result { () throws(CaseFileError) -> PantherSpecReading in try PantherSpec.read(files[index]) }
            results.withLock { $0[index] = reading }
        }
        return results.withLock { readings in
            zip(files, readings).map { ($0, $1 ?? .failure(CaseFileError(path: $0, line: 0, message: "not read"))) }
        }
    }

    private static func path(_ file: String, isWithin directory: String) -> Bool {
        file == directory || file.hasPrefix(directory.hasSuffix("/") ? directory : directory + "/")
    }

    /// Every `.yml`/`.yaml` file of the checkout, sorted, leaving out hidden folders and the
    /// root's `templates/` (examples, not analysis: Panther's tool leaves them out too).
    static func specFiles(under root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let last = (relative as NSString).lastPathComponent
            if last.hasPrefix(".") || last == "__pycache__" || last == "node_modules" || relative == "templates" {
                walker.skipDescendants()
                continue
            }
            if last.hasSuffix(".yml") || last.hasSuffix(".yaml") {
                files.append((root as NSString).appendingPathComponent(relative))
            }
        }
        return files.sorted()
    }
}

extension PantherTree {
    /// The paths given to a command, split: the specs of those inside panther-analysis
    /// checkouts (nil when there are none), and the other paths (Matano-style detections).
    static func split(_ paths: [String]) throws(CaseFileError) -> (panther: PantherTree?, others: [String]) {
        var byRoot: [(root: String, paths: [String])] = []
        var others: [String] = []
        for path in paths {
            guard let root = checkoutRoot(containing: path) else {
                others.append(path)
                continue
            }
            if let index = byRoot.firstIndex(where: { $0.root == root }) {
                byRoot[index].paths.append(path)
            } else {
                byRoot.append((root, [path]))
            }
        }
        guard !byRoot.isEmpty else { return (nil, others) }
        var merged = PantherTree()
        for group in byRoot {
            let tree = try load(root: group.root, paths: group.paths)
            merged.detections += tree.detections
            merged.globals += tree.globals
            merged.dataModels += tree.dataModels
            merged.unsupported += tree.unsupported
        }
        return (merged, others)
    }

    /// What the summary says of the tree: what was found, and every detection not run, by kind.
    func notes(disabledSkipped: Int? = nil) -> [String] {
        let count = { (kind: PantherSpec.Kind, one: String, many: String) -> String in
            let number = detections.filter { $0.kind == kind }.count
            return "\(number) \(number == 1 ? one : many)"
        }
        var found = "Panther: " + [count(.rule, "rule", "rules"), count(.scheduledRule, "scheduled rule", "scheduled rules"),
                                   count(.policy, "policy", "policies")].joined(separator: ", ")
        if let disabledSkipped, disabledSkipped > 0 { found += " (\(disabledSkipped) disabled, not run)" }
        var lines = [found]
        var kinds: [String] = []
        for item in unsupported where !kinds.contains(item.kind) { kinds.append(item.kind) }
        for kind in kinds {
            let ids = unsupported.filter { $0.kind == kind }.map { $0.id.isEmpty ? $0.path : $0.id }
            lines.append("skipped, not supported: \(ids.count) \(kind)\(ids.count == 1 ? "" : "s"): \(ids.joined(separator: ", "))")
        }
        let filtered = detections.filter(\.hasInlineFilters).map(\.id)
        if !filtered.isEmpty {
            lines.append("InlineFilters not applied (Panther's backend applies them): \(filtered.joined(separator: ", "))")
        }
        return lines
    }
}
