import ArgumentParser

/// The root command: configuration only (each subcommand is its own file).
struct DetectionHost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detection-host",
        abstract: "Run Python security detections (Matano's detections as code) on an embedded CPython.",
        discussion: """
            A detection is a directory holding detect.py (def detect(record)) and optionally \
            detection.yml, or a single .py file. Detections may keep state across records with \
            `from detection import remote_cache`.

            Examples (from a checkout of detection-host):
              detection-host run detections --input samples/cloudtrail-events.jsonl
              detection-host test detections
              cat samples/*.jsonl | detection-host run detections/access_denied_counter
              detection-host python -c 'import detection; print(dir(detection))'
            """,
        subcommands: [RunCommand.self, ConsumeCommand.self, TestCommand.self, PythonCommand.self, CacheCommand.self]
    )
}
