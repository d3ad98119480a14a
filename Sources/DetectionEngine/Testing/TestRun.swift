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

    init(options: TestOptions, report: TestReport, runner: CaseRunner) {
        self.options = options
        self.report = report
        self.runner = runner
    }

    var failed: Int { results.filter { !$0.passed }.count }

    mutating func run(_ suite: TestSuite, _ gil: borrowing GILToken) {
        let name = suite.detection.name
        let filter = options.filter?.lowercased()
        if suite.cases.isEmpty {
            withoutCases.append(name)
            if options.requireTests, filter.map({ "\(name)::".lowercased().contains($0) }) ?? true {
                let why = "no test cases (--require-tests)"
                add(CaseResult(detection: name, name: nil, file: suite.detection.scriptPath, line: 0, passed: false,
                               headline: why, details: why, printed: "", seconds: 0))
            }
            return
        }
        for testCase in suite.cases where !interrupted {
            if let filter, !"\(name)::\(testCase.name)".lowercased().contains(filter) {
                skipped += 1
                continue
            }
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

    private mutating func add(_ result: CaseResult) {
        report.emit(result)
        results.append(result)
    }

    func finish() {
        report.finish(passed: results.count - failed, failed: failed, skipped: skipped, withoutCases: withoutCases)
    }
}
