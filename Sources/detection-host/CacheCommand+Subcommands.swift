import ArgumentParser
import CacheCore

/// The subcommands: each parses its arguments, makes one or two store calls, and prints.
extension CacheCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the live entries, with the seconds each has left.")

        @Option(help: "Only this namespace (default: every namespace).")
        var namespace: String?

        @OptionGroup var options: Options

        func run() throws {
            let store = try options.openStore()
            let now = SystemClock().now()
            var printed: [PrintedEntry] = []
            for name in try namespace.map({ [$0] }) ?? store.namespaces() {
                printed += try store.entries(namespace: name).map { PrintedEntry(namespace: name, entry: $0, now: now) }
            }
            if options.json { print(CacheCommand.json(printed)) } else { CacheCommand.printTable(printed) }
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one entry; exit 1 when it is missing or expired.")

        @OptionGroup var address: Address
        @OptionGroup var options: Options

        func run() throws {
            let (namespace, key) = (address.namespace, address.key)
            guard let entry = try options.openStore().entry(namespace: namespace, key: key) else {
                if options.json { print("null") }
                CacheCommand.printError("no live entry '\(key)' in namespace '\(namespace)'")
                throw ExitCode.failure
            }
            CacheCommand.printEntry(PrintedEntry(namespace: namespace, entry: entry, now: SystemClock().now()), json: options.json)
        }
    }

    struct SetValue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Store a value, replacing the entry and starting a new expiry window.",
            discussion: """
                A set takes each member as an argument of its own (so members may hold commas); \
                no members at all deletes the key, as assigning an empty set does in Python:
                  detection-host cache set ips alice 10.0.0.1 10.0.0.2 --kind set
                """)

        @OptionGroup var address: Address
        @Argument(help: ArgumentHelp("The value; for --kind set, the members.", valueName: "value"))
        var values: [String] = []

        @Option(help: "What to store: counter (a whole number), string, bool (true or false), or set.")
        var kind: Kind = .string

        @Option(help: "Seconds until the entry expires.")
        var ttl: Int64 = 3600

        @OptionGroup var options: Options

        func validate() throws {
            do {
                try CacheLimits.check(ttl: ttl)
            } catch {
                throw ValidationError(error.description)
            }
            if kind != .set, values.count != 1 {
                throw ValidationError("a \(kind.rawValue) takes exactly one value (got \(values.count))")
            }
            _ = try value()
        }

        func run() throws {
            let (namespace, key) = (address.namespace, address.key)
            let store = try options.openStore()
            try store.put(namespace: namespace, key: key, value: value(), ttl: ttl)
            guard let entry = try store.entry(namespace: namespace, key: key) else {
                // An empty set deleted the key.
                if options.json { print(CacheCommand.json(Removal(namespace: namespace, key: key))) }
                return
            }
            CacheCommand.printEntry(PrintedEntry(namespace: namespace, entry: entry, now: SystemClock().now()), json: options.json)
        }

        /// The value the arguments describe; a value of the wrong form is a usage error.
        private func value() throws -> CacheValue {
            switch kind {
            case .set:
                return .stringSet(Swift.Set(values))
            case .string:
                return .string(values[0])
            case .counter:
                guard let count = Int64(values[0]) else {
                    throw ValidationError("'\(values[0])' is not a counter: use a whole number in the signed 64-bit range")
                }
                return .counter(count)
            case .bool:
                switch values[0].lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: throw ValidationError("'\(values[0])' is not a bool: use true or false")
                }
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove one entry; a missing one is not an error.")

        @OptionGroup var address: Address
        @OptionGroup var options: Options

        func run() throws {
            try options.openStore().delete(namespace: address.namespace, key: address.key)
            if options.json { print(CacheCommand.json(Removal(namespace: address.namespace, key: address.key))) }
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove every entry of a namespace, or of the whole cache.")

        @Argument(help: "The namespace to clear (default: every namespace).") var namespace: String?
        @OptionGroup var options: Options

        func run() throws {
            try options.openStore().clear(namespace: namespace)
            if options.json { print(CacheCommand.json(Removal(namespace: namespace, key: nil))) }
        }
    }
}
