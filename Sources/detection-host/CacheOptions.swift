import ArgumentParser
import DetectionEngine

/// `--cache URL`, shared by every command that touches the cache.
struct CacheOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Where the remote cache lives: memory: (default, this process only), sqlite:PATH (shared by processes on this machine), or dynamodb:TABLE[?endpoint=URL&region=R&consistent=true].",
        valueName: "url"))
    var cache: String = "memory:"

    func url() throws -> CacheURL {
        do {
            return try CacheURL(parsing: cache)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func validate() throws {
        _ = try url()
    }
}
