import Foundation

/// Finds a detection's cases (DESIGN §8): `tests:` in its `detection.yml`, then each
/// `*.yml`, `*.yaml` and `*.json` file in the `tests/` folder beside `detect.py`, by file name.
enum CaseDiscovery {
    static let extensions: Set<String> = ["yml", "yaml", "json"]

    static func cases(for source: DetectionSource) throws(CaseFileError) -> [TestCase] {
        var cases: [TestCase] = []
        if let metadata = source.metadataPath, let root = try CaseNode.parseYAML(try read(metadata), path: metadata),
           let tests = root["tests"] {
            guard tests.items != nil else {
                throw CaseFileError(path: metadata, line: tests.line, message: "'tests' must be a list of test cases")
            }
            cases += try TestCase.cases(in: tests, file: metadata)
        }
        return try self.cases(inFiles: testFiles(for: source), after: cases)
    }

    /// The host's own cases for a Panther rule (DESIGN §8 beside §9): the files
    /// `tests/<stem>.yml` (`.yaml`, `.json`) and every case file in `tests/<stem>/`, `<stem>`
    /// being the rule's Python file's name without `.py` (one `tests/` serves a folder of rules).
    static func pantherCases(for scriptPath: String) throws(CaseFileError) -> [TestCase] {
        let stem = ((scriptPath as NSString).lastPathComponent as NSString).deletingPathExtension
        let folder = ((scriptPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("tests")
        let files = extensions.sorted().map { (folder as NSString).appendingPathComponent("\(stem).\($0)") }
            .filter { FileManager.default.fileExists(atPath: $0) }
        return try cases(inFiles: files + caseFiles(in: (folder as NSString).appendingPathComponent(stem)))
    }

    /// The cases of the given files, in order; a name used twice is an error.
    private static func cases(inFiles files: [String], after earlier: [TestCase] = []) throws(CaseFileError) -> [TestCase] {
        var cases = earlier
        for file in files {
            let text = try read(file)
            let root = file.hasSuffix(".json") ? try CaseJSONReader.parse(text, path: file) : try CaseNode.parseYAML(text, path: file)
            if let root { cases += try TestCase.cases(in: root, file: file) }
        }
        var seen: [String: TestCase] = [:]
        for testCase in cases {
            if let first = seen[testCase.name] {
                throw CaseFileError(path: testCase.file, line: testCase.line,
                                    message: "duplicate case name '\(testCase.name)' (first at \(first.file):\(first.line))")
            }
            seen[testCase.name] = testCase
        }
        return cases
    }

    /// The case files of a directory detection (a lone `.py` file has no `tests/` of its own).
    private static func testFiles(for source: DetectionSource) -> [String] {
        guard (source.scriptPath as NSString).lastPathComponent == "detect.py" else { return [] }
        return caseFiles(in: ((source.scriptPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("tests"))
    }

    /// The `*.yml`, `*.yaml` and `*.json` files of a folder, by name.
    private static func caseFiles(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { !$0.hasPrefix(".") && extensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    private static func read(_ path: String) throws(CaseFileError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CaseFileError(path: path, line: 0, message: "cannot read: \(error.localizedDescription)")
        }
    }
}
