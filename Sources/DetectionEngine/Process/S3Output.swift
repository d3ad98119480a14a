import AWSCore
import Foundation

/// `--output s3://bucket/prefix/`: one object of match rows per input, named after the input
/// (`prefix/<input key>.jsonl`), written when the input is done. A retried input overwrites its
/// object instead of adding rows a second time.
struct S3Output {
    let client: S3Client
    let location: S3Location

    init(_ location: S3Location, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        do throws(AWSError) {
            client = try S3Client(environment: environment)
        } catch {
            throw LoadError(description: "\(location): \(error.description)")
        }
        var prefix = location.key
        if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
        self.location = S3Location(bucket: location.bucket, key: prefix)
    }

    /// The key of the object for `input`: an S3 input's key, a file's path (without a leading
    /// `/`), or `stdin`, under the prefix, with `.jsonl` added.
    func key(for input: String) -> String {
        var name = S3Location(url: input)?.key ?? (input == "<stdin>" ? "stdin" : input)
        while name.hasPrefix("/") || name.hasPrefix("./") { name.removeFirst(name.hasPrefix("/") ? 1 : 2) }
        return location.key + name + ".jsonl"
    }

    func write(_ body: [UInt8], for input: String) throws(AWSError) {
        try client.putObject(bucket: location.bucket, key: key(for: input), body: body, contentType: "application/x-ndjson")
    }
}
