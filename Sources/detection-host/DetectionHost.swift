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

            Examples:
              detection-host run detections --input samples/events.jsonl
              detection-host test detections
              cat events.jsonl | detection-host run detections/access_denied
              detection-host python -c 'from detection import remote_cache; print(remote_cache("x"))'
            """,
        subcommands: [RunCommand.self, TestCommand.self, PythonCommand.self, CacheCommand.self]
    )
}
