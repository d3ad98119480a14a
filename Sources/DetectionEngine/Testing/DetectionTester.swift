import CacheCore
import DetectionModule
import Foundation
import PythonBridge

/// `detection-host test` (DESIGN §8): loads detections and their cases, runs every case through
/// the engine `run` uses, and reports. Exit 0 all passed, 1 a case failed, 2 could not start,
/// 130 after Ctrl-C (as `run`).
public enum DetectionTester {
    public static func run(_ options: TestOptions) -> Int32 {
        let sources: [DetectionSource]
        let panther: PantherTree?
        let report: TestReport
        do {
            let split = try PantherTree.split(options.paths)
            panther = split.panther
            sources = split.others.isEmpty && panther != nil ? [] : try DetectionDiscovery.find(in: split.others)
            report = try TestReport(options: options)
        } catch {
            Diagnostics.print("detection-host test: \(error)")
            return 2
        }
        let clock = ManualClock(now: SystemClock().now())
        let store = MemoryStore(clock: clock)
        // Bound before the detections load: the handles they make at import use this store.
        CacheBinding.use(store)
        DetectionModule.start()
        return Python.withGIL { gil in
            EngineSupport.useVirtualEnvironment(gil)
            let suites: [TestSuite]
            switch load(sources, gil) {
            case let .success(loaded): suites = loaded
            case let .failure(problems):
                for problem in problems.messages { Diagnostics.print("detection-host test: \(problem)") }
                return 2
            }
            var pantherSuites: [PantherSuite] = []
            var hostSuites: [TestSuite] = []
            if let panther {
                do {
                    pantherSuites = try loadPanther(panther, gil)
                    hostSuites = try hostCases(of: pantherSuites.map(\.rule), gil)
                } catch {
                    Diagnostics.print("detection-host test: \(error)")
                    return 2
                }
            }
            var run = TestRun(options: options, report: report,
                              runner: CaseRunner(store: store, clock: clock, defaultNow: clock.now()))
            for suite in suites where !run.interrupted {
                run.run(suite, gil)
            }
            let pantherRunner = PantherCaseRunner(store: store, clock: clock, defaultNow: clock.now())
            for suite in pantherSuites where !run.interrupted {
                run.run(suite, with: pantherRunner, gil)
            }
            for suite in hostSuites where !run.interrupted {
                run.run(suite, gil)
            }
            if let panther { run.notes += panther.notes() }
            run.finish()
            if run.interrupted { return RunStatus.interrupted.rawValue }
            if let junit = options.junit {
                do {
                    try Data(JUnitReport.xml(run.results).utf8).write(to: URL(fileURLWithPath: junit))
                } catch {
                    Diagnostics.print("detection-host test: \(junit): cannot write the JUnit report: \(error.localizedDescription)")
                    return 2
                }
            }
            return run.failed > 0 ? 1 : 0
        }
    }

    /// Imports every detection (enabled or not: a disabled one is tested before it is enabled)
    /// and reads its cases; every problem found is returned, so that one run names them all.
    private static func load(_ sources: [DetectionSource], _ gil: borrowing GILToken) -> Result<[TestSuite], LoadProblems> {
        var loader = DetectionLoader()
        var suites: [TestSuite] = []
        var problems: [String] = []
        let capture = try? call(try CaseSupport.function("begin_capture", gil).pointer(gil), [], gil)
        for source in sources {
            let detection: LoadedDetection
            do {
                detection = try loader.load(source, gil)
            } catch {
                problems.append("cannot load detection: \(error)")
                continue
            }
            do {
                let cases = try CaseDiscovery.cases(for: source)
                problems += mockProblems(cases, detection, gil)
                suites.append(TestSuite(detection: detection, cases: cases))
            } catch {
                problems.append("\(error)")
            }
        }
        // What a detection prints while importing goes to standard error, not into the report.
        if let capture, let end = try? CaseSupport.function("end_capture", gil),
           let printed = try? call(end.pointer(gil), capture.pointer(gil), gil), let text = try? swiftString(printed.pointer(gil), gil), !text.isEmpty {
            Diagnostics.print(text)
        }
        for warning in loader.warnings { Diagnostics.print("warning: \(warning)") }
        return problems.isEmpty ? .success(suites) : .failure(LoadProblems(messages: problems))
    }

    /// Sets up the checkout and imports every Panther detection, enabled or not (as Panther's
    /// tool tests them); one that does not import fails its cases, the others still run.
    private static func loadPanther(_ tree: PantherTree, _ gil: borrowing GILToken) throws -> [PantherSuite] {
        let capture = try? call(try CaseSupport.function("begin_capture", gil).pointer(gil), [], gil)
        let suites = Result { () throws -> [PantherSuite] in
            for problem in try PantherLoader.prepare(tree, gil) { Diagnostics.print("warning: \(problem)") }
            return tree.detections.map { PantherSuite(rule: PantherLoader.load($0, gil)) }
        }
        // What the rules print while importing goes to standard error, not into the report.
        if let capture, let end = try? CaseSupport.function("end_capture", gil),
           let printed = try? call(end.pointer(gil), capture.pointer(gil), gil),
           let text = try? swiftString(printed.pointer(gil), gil), !text.isEmpty {
            Diagnostics.print(text)
        }
        return try suites.get()
    }

    /// The host's own cases (DESIGN §8) written for Panther rules in a `tests/` folder beside
    /// them: record sequences, seeded caches, mocks of globals, run as `run` runs the rule.
    private static func hostCases(of rules: [PantherRule], _ gil: borrowing GILToken) throws -> [TestSuite] {
        var suites: [TestSuite] = []
        var problems: [String] = []
        for rule in rules {
            guard let adapter = rule.adapter, let script = rule.spec.scriptPath else { continue }
            let cases = try CaseDiscovery.pantherCases(for: script)
            guard !cases.isEmpty else { continue }
            let detection = try PantherLoader.detection(rule, adapter: adapter, gil)
            problems += mockProblems(cases, detection, gil)
            suites.append(TestSuite(detection: detection, cases: cases))
        }
        guard problems.isEmpty else { throw LoadProblems(messages: problems) }
        return suites
    }

    /// A mock naming nothing in the detection's module, as `path:line` messages.
    private static func mockProblems(_ cases: [TestCase], _ detection: LoadedDetection, _ gil: borrowing GILToken) -> [String] {
        var problems: [String] = []
        for testCase in cases {
            for mock in testCase.mocks {
                do {
                    let check = try CaseSupport.function("check_mock", gil)
                    let name = try pyString(mock.name, gil)
                    let answer = try call(check.pointer(gil), [detection.detect.pointer(gil), name.pointer(gil)], gil)
                    if isNone(answer.pointer(gil)) { continue }
                    let why = try swiftString(answer.pointer(gil), gil)
                    problems.append("\(CaseFileError(path: testCase.file, line: mock.line, message: "mock '\(mock.name)' names nothing: \(why)"))")
                } catch {
                    problems.append("\(testCase.file):\(mock.line): mock '\(mock.name)' cannot be checked: \(error)")
                }
            }
        }
        return problems
    }

    private struct LoadProblems: Error, CustomStringConvertible {
        let messages: [String]
        var description: String { messages.joined(separator: "\n") }
    }
}
