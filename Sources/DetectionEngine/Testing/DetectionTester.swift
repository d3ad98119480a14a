import CacheCore
import DetectionModule
import Foundation
import PythonBridge

/// `detection-host test` (DESIGN §8): loads detections and their cases, runs every case through
/// the engine `run` uses, and reports. Exit 0 all passed, 1 a case failed, 2 could not start.
public enum DetectionTester {
    /// A detection with the cases found for it.
    private struct Suite {
        let detection: LoadedDetection
        let cases: [TestCase]
    }

    public static func run(_ options: TestOptions) -> Int32 {
        let sources: [DetectionSource]
        let report: TestReport
        do {
            sources = try DetectionDiscovery.find(in: options.paths)
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
            let suites: [Suite]
            switch load(sources, gil) {
            case let .success(loaded): suites = loaded
            case let .failure(problems):
                for problem in problems.messages { Diagnostics.print("detection-host test: \(problem)") }
                return 2
            }
            let runner = CaseRunner(store: store, clock: clock, defaultNow: clock.now())
            let filter = options.filter?.lowercased()
            var results: [CaseResult] = []
            var skipped = 0
            var withoutCases: [String] = []
            for suite in suites {
                let name = suite.detection.name
                if suite.cases.isEmpty {
                    withoutCases.append(name)
                    if options.requireTests, filter.map({ "\(name)::".lowercased().contains($0) }) ?? true {
                        let result = CaseResult(detection: name, name: nil, file: suite.detection.scriptPath, line: 0, passed: false,
                                                headline: "no test cases (--require-tests)", details: "no test cases (--require-tests)", printed: "", seconds: 0)
                        report.emit(result)
                        results.append(result)
                    }
                    continue
                }
                for testCase in suite.cases {
                    if let filter, !"\(name)::\(testCase.name)".lowercased().contains(filter) {
                        skipped += 1
                        continue
                    }
                    let started = DispatchTime.now().uptimeNanoseconds
                    let observation = runner.run(testCase, of: suite.detection, gil)
                    let verdict = CaseVerdict(testCase, observation)
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                    let result = CaseResult(testCase, detection: suite.detection, verdict: verdict,
                                            observation: observation, seconds: seconds)
                    report.emit(result)
                    results.append(result)
                }
            }
            let failed = results.filter { !$0.passed }.count
            report.finish(passed: results.count - failed, failed: failed, skipped: skipped, withoutCases: withoutCases)
            if let junit = options.junit {
                do {
                    try Data(JUnitReport.xml(results).utf8).write(to: URL(fileURLWithPath: junit))
                } catch {
                    Diagnostics.print("detection-host test: \(junit): cannot write the JUnit report: \(error.localizedDescription)")
                    return 2
                }
            }
            return failed > 0 ? 1 : 0
        }
    }

    /// Imports every detection (enabled or not: a disabled one is tested before it is enabled)
    /// and reads its cases; every problem found is returned, so that one run names them all.
    private static func load(_ sources: [DetectionSource], _ gil: borrowing GILToken) -> Result<[Suite], LoadProblems> {
        var loader = DetectionLoader()
        var suites: [Suite] = []
        var problems: [String] = []
        let capture = try? call(try CaseSupport.function("begin_capture", gil).pointer, [], gil)
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
                suites.append(Suite(detection: detection, cases: cases))
            } catch {
                problems.append("\(error)")
            }
        }
        // What a detection prints while importing goes to standard error, not into the report.
        if let capture, let end = try? CaseSupport.function("end_capture", gil),
           let printed = try? call(end.pointer, capture.pointer, gil), let text = try? swiftString(printed.pointer, gil), !text.isEmpty {
            Diagnostics.print(text)
        }
        for warning in loader.warnings { Diagnostics.print("warning: \(warning)") }
        return problems.isEmpty ? .success(suites) : .failure(LoadProblems(messages: problems))
    }

    /// A mock naming nothing in the detection's module, as `path:line` messages.
    private static func mockProblems(_ cases: [TestCase], _ detection: LoadedDetection, _ gil: borrowing GILToken) -> [String] {
        var problems: [String] = []
        for testCase in cases {
            for mock in testCase.mocks {
                do {
                    let check = try CaseSupport.function("check_mock", gil)
                    let name = try pyString(mock.name, gil)
                    let answer = try call(check.pointer, [detection.detect.pointer(gil), name.pointer], gil)
                    if isNone(answer.pointer) { continue }
                    let why = try swiftString(answer.pointer, gil)
                    problems.append("\(CaseFileError(path: testCase.file, line: mock.line, message: "mock '\(mock.name)' names nothing: \(why)"))")
                } catch {
                    problems.append("\(testCase.file):\(mock.line): mock '\(mock.name)' cannot be checked: \(error)")
                }
            }
        }
        return problems
    }

    private struct LoadProblems: Error {
        let messages: [String]
    }
}
