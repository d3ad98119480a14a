import CacheCore
import DetectionModule
import Foundation
import PythonBridge

/// `detection-host run`: loads detections, streams records through them, writes alerts.
public enum DetectionRunner {
    /// Runs and returns the exit status; every message for a person goes to standard error.
    public static func run(_ options: RunOptions, clock: any CacheClock = SystemClock()) -> RunStatus {
        let opened: Opened
        let reader: InputReader
        do {
            opened = try Opened(options, clock: clock)
            // Opened here, without the GIL: nothing is read until the reader thread starts.
            reader = try InputReader(paths: options.inputs)
        } catch {
            Diagnostics.print("detection-host: \(error)")
            return .couldNotStart
        }
        let (sources, panther, store, output, errorsFile) = (opened.sources, opened.panther, opened.store, opened.output, opened.errorsFile)
        CacheBinding.use(store)
        DetectionModule.start()
        return Python.withGIL { gil in
            guard let detections = loadAll(sources, panther: panther, options: options, gil) else { return .couldNotStart }
            let report = ErrorReport(errorsFile: errorsFile)
            guard var session = makeSession(detections, options: options, panther: panther != nil, output: output,
                                            report: report, store: store, clock: clock, gil) else { return .couldNotStart }
            let started = DispatchTime.now().uptimeNanoseconds
            reader.start()
            session.consume(reader, gil)
            output.flush()
            report.flush()
            Diagnostics.print(RunSummary.text(detections: detections, stats: session.stats, records: session.records,
                                              invalidRecords: report.invalidRecords,
                                              seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
                                              failures: report.distinctFailures))
            for sink in [output, errorsFile].compactMap({ $0 }) {
                if let message = sink.failureMessage { Diagnostics.print("detection-host: \(message)") }
            }
            if session.interrupted { return .interrupted }
            if output.failure == .closedPipe { return .outputClosed }
            let lost = output.failure != nil || errorsFile?.failure != nil
            return report.hadErrors || lost ? .someFailed : .clean
        }
    }

    /// What `run` and `consume` open before the interpreter starts: the detections found, the
    /// store, the output and the errors file. Throws what stops a run before it starts.
    struct Opened {
        let sources: [DetectionSource]
        let panther: PantherTree?
        let store: any CacheStore
        let output: OutputSink
        let errorsFile: OutputSink?

        init(_ options: RunOptions, clock: any CacheClock) throws {
            let split = try PantherTree.split(options.paths)
            panther = split.panther
            sources = split.others.isEmpty && panther != nil ? [] : try DetectionDiscovery.find(in: split.others)
            store = try options.cache.open(clock: clock)
            output = try OutputSink(path: options.output)
            errorsFile = try options.errorsFile.map { try OutputSink(path: $0) }
        }
    }

    /// Imports the detections of `sources` and of the Panther tree; nil (the reason printed) when
    /// one does not load.
    static func loadAll(_ sources: [DetectionSource], panther: PantherTree?, options: RunOptions,
                        _ gil: borrowing GILToken) -> [LoadedDetection]? {
        EngineSupport.useVirtualEnvironment(gil)
        do {
            var detections = try load(sources, options: options, gil)
            if let panther {
                let loaded = try loadPanther(panther, options: options, gil)
                detections += loaded.detections
                for note in panther.notes(disabledSkipped: loaded.disabled) { Diagnostics.print(note) }
            }
            return detections
        } catch {
            Diagnostics.print("detection-host: cannot load detection: \(error)")
            return nil
        }
    }

    /// The session that runs `detections`; nil (the reason printed) when it cannot be made.
    static func makeSession(_ detections: [LoadedDetection], options: RunOptions, panther: Bool, output: OutputSink,
                            report: ErrorReport, store: any CacheStore, clock: any CacheClock,
                            _ gil: borrowing GILToken) -> RunSession? {
        var options = options
        if panther { options.eventTimeFields += ["p_event_time", "eventTime"] }
        do {
            return try RunSession(detections: detections, options: options, output: output, report: report,
                                  clock: clock, sharedStore: options.cache.sharesAlerts ? store : nil, gil)
        } catch {
            Diagnostics.print("detection-host: \(error)")
            return nil
        }
    }

    /// Imports the enabled Panther detections (those whose LogTypes list `--log-type`, when it
    /// is given); a rule that does not import stops the run before it starts, as any detection.
    private static func loadPanther(_ tree: PantherTree, options: RunOptions, _ gil: borrowing GILToken) throws -> (detections: [LoadedDetection], disabled: Int) {
        for problem in try PantherLoader.prepare(tree, gil) { Diagnostics.print("warning: \(problem)") }
        var detections: [LoadedDetection] = []
        var disabled = 0
        for spec in tree.detections {
            guard spec.enabled else {
                disabled += 1
                continue
            }
            // A policy's types are resource types: records of a log type are not its input.
            if let logType = options.logType, spec.kind == .policy || !spec.logTypes.contains(logType) { continue }
            let rule = PantherLoader.load(spec, defaultLogType: options.logType, gil)
            guard let adapter = rule.adapter else { throw LoadError(description: rule.loadError ?? spec.specPath) }
            detections.append(try PantherLoader.detection(rule, adapter: adapter, gil))
        }
        if let logType = options.logType, detections.isEmpty {
            // A typo in the log type would otherwise run nothing and exit 0.
            let known = Set(tree.detections.filter { $0.enabled && $0.kind != .policy }.flatMap(\.logTypes)).sorted()
            let listed = known.prefix(12).joined(separator: ", ") + (known.count > 12 ? ", … (\(known.count) in all)" : "")
            throw LoadError(description: "--log-type \(logType): no enabled rule lists it in LogTypes"
                + (known.isEmpty ? "" : " (the rules list: \(listed))"))
        }
        return (detections, disabled)
    }

    /// Imports every detection, keeping those that should run: enabled ones (or ones named
    /// directly) whose tables include `--table` when it is given.
    private static func load(_ sources: [DetectionSource], options: RunOptions, _ gil: borrowing GILToken) throws -> [LoadedDetection] {
        var loader = DetectionLoader()
        var detections: [LoadedDetection] = []
        var tables: Set<String> = []
        for source in sources {
            let detection = try loader.load(source, gil)
            guard detection.metadata.enabled || source.namedDirectly else { continue }
            tables.formUnion(detection.metadata.tables)
            if let table = options.table, !detection.metadata.tables.contains(table) { continue }
            detections.append(detection)
        }
        for warning in loader.warnings { Diagnostics.print("warning: \(warning)") }
        if let table = options.table, detections.isEmpty, !sources.isEmpty {
            // A typo in the table would otherwise run nothing and exit 0.
            let listed = tables.sorted().joined(separator: ", ")
            throw LoadError(description: "--table \(table): no enabled detection lists it in its detection.yml's tables"
                + (tables.isEmpty ? " (none lists any table)" : " (they list: \(listed))"))
        }
        return detections
    }
}
