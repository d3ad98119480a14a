import ArgumentParser
import CacheCore
import DetectionEngine

/// `detection-host cache`: look into and edit a cache from the shell (DESIGN §5), for
/// detection authors checking what their detections stored.
///
/// Its helper types are nested so that nothing here can clash with the other commands of
/// this module.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Inspect and edit the cache that detections use through remote_cache.",
        discussion: """
            Values print as JSON: 3 is a counter, "3" a string, true a bool, ["a","b"] a string \
            set. With --json each command prints JSON instead of text.
            """,
        subcommands: [List.self, Get.self, SetValue.self, Delete.self, Clear.self, CreateTable.self])

    /// The options every subcommand takes: `--cache URL` (shared with `run` and `python`)
    /// and `--json`.
    struct Options: ParsableArguments {
        @OptionGroup var cache: CacheOptions

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func openStore() throws -> any CacheStore {
            try cache.url().open()
        }
    }

    /// The entry `get`, `set` and `delete` work on.
    struct Address: ParsableArguments {
        @Argument(help: "The namespace, as given to remote_cache.") var namespace: String
        @Argument(help: "The key.") var key: String
    }

    /// The kinds `set --kind` accepts, spelled as `CacheValueKind` spells them.
    enum Kind: String, CaseIterable, ExpressibleByArgument {
        case counter, string, bool, set
    }
}
