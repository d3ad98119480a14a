import ArgumentParser
import DetectionEngine

extension CacheCommand {
    /// `detection-host cache create-table --cache dynamodb:TABLE`: a table for a cache of one's
    /// own, laid out as Matano's runtime expects.
    struct CreateTable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-table",
            abstract: "Create the DynamoDB table of a dynamodb: cache URL, with Matano's key schema and TTL.",
            discussion: """
                The table gets partition key pk (S), sort key sk1 (S), on-demand billing, and \
                DynamoDB's TTL on the ttl attribute. Credentials, region and endpoint come from the \
                URL and the standard AWS variables, as for every other command:
                  detection-host cache create-table --cache 'dynamodb:detections?region=eu-west-1'
                """)

        @OptionGroup var options: Options

        func run() throws {
            let table: String
            do {
                table = try options.cache.url().createTable()
            } catch {
                CacheCommand.printError("\(error)")
                throw ExitCode.failure
            }
            if options.json {
                print(#"{"created":\#(CacheCommand.json(table))}"#)
            } else {
                print("created table '\(table)': pk (S) and sk1 (S) keys, on-demand billing, TTL on ttl")
            }
        }
    }
}
