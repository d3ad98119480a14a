import Foundation
import PythonBridge

/// A detection with the cases found for it.
struct TestSuite {
    let detection: LoadedDetection
    let cases: [TestCase]
}

/// One pass over the suites: runs the cases `--filter` keeps, reports each result as it comes,
/// and counts them for the closing line.
struct TestRun {
    let options: TestOptions
    let report: TestReport
    let runner: CaseRunner
    private(set) var results: [CaseResult] = []
    private(set) var skipped = 0
    private(set) var withoutCases: [String] = []
    /// Ctrl-C stopped a case: nothing more runs.
    private(set) var interrupted = false
    /// Lines for the summary before the closing count (what a Panther tree held and skipped).
    var notes: [String] = []

    init(options: TestOptions, report: TestReport, runner: CaseRunner) {
        self.options = options
        self.report = report
        self.runner = runner
    }

    var failed: Int { results.filter { !$0.passed }.count }

    mutating func run(_ suite: TestSuite, _ gil: borrowing GILToken) {
        let name = suite.detection.name
        if suite.cases.isEmpty {
            noCases(name, file: suite.detection.scriptPath, failure: options.requireTests ? "no test cases (--require-tests)" : nil)
            return
        }
        for testCase in suite.cases where !interrupted && kept(name, testCase.name) {
            let started = DispatchTime.now().uptimeNanoseconds
            let observation = runner.run(testCase, of: suite.detection, gil)
            guard !observation.interrupted else {
                interrupted = true
                return
            }
            let verdict = CaseVerdict(testCase, observation)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            add(CaseResult(testCase, detection: suite.detection, verdict: verdict, observation: observation, seconds: seconds))
        }
    }

    /// A Panther detection's `Tests:` entries, in YAML order, under the same filter and report.
    mutating func run(_ suite: PantherSuite, with runner: PantherCaseRunner, _ gil: borrowing GILToken) {
        let name = suite.rule.spec.id
        if suite.cases.isEmpty {
            noCases(name, file: suite.rule.spec.specPath, failure: suite.rule.loadError)
            return
        }
        for testCase in suite.cases where !interrupted && kept(name, PantherSuite.name(of: testCase)) {
            switch runner.run(testCase, of: suite.rule, gil) {
            case let .result(result): add(result)
            case .interrupted: interrupted = true
            }
        }
    }

    /// Whether `--filter` keeps the case; counts the ones it leaves out.
    private mutating func kept(_ detection: String, _ name: String) -> Bool {
        guard let filter = options.filter?.lowercased(), !"\(detection)::\(name)".lowercased().contains(filter) else { return true }
        skipped += 1
        return false
    }

    /// A detection without cases: named in the summary, and failed with `failure` when one is
    /// given (and `--filter` would keep the detection).
    private mutating func noCases(_ name: String, file: String, failure: String?) {
        withoutCases.append(name)
        guard let failure, options.filter.map({ "\(name)::".lowercased().contains($0.lowercased()) }) ?? true else { return }
        add(CaseResult(detection: name, name: nil, file: file, line: 0, passed: false,
                       headline: failure, details: failure, printed: "", seconds: 0))
    }

    private mutating func add(_ result: CaseResult) {
        report.emit(result)
        results.append(result)
    }

    func finish() {
        report.finish(passed: results.count - failed, failed: failed, skipped: skipped, withoutCases: withoutCases, notes: notes)
    }
}
