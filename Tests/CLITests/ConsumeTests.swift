import AWSCore
import Foundation
import MotoSupport
import Testing

/// `detection-host consume` end to end against moto (S3, SQS and DynamoDB on 127.0.0.1): workers
/// competing for one queue of S3 notifications behave as one run, a killed worker's object is
/// completed by another, a poison object ends in the dead-letter queue, SIGTERM drains.
@Suite struct ConsumeTests {
    let server: MotoServer
    let s3: S3Client
    let bucket: String
    let workspace: Workspace

    init() throws {
        server = try MotoServer.shared()
        s3 = try S3Client(environment: server.environment)
        bucket = try server.freshBucket("consume")
        workspace = try Workspace()
        // Every fifth record matches, grouped per user; an alert activates at its second match.
        // SLOW (seconds per record) makes a worker take its time, for the tests that stop one.
        try workspace.write("rules/grouped/detect.py", """
            import os, time

            SLOW = float(os.environ.get("SLOW", "0"))

            def detect(record):
                if SLOW:
                    time.sleep(SLOW)
                return record["n"] % 5 == 0

            def dedupe(record):
                return record["user"]
            """)
        try workspace.write("rules/grouped/detection.yml", """
            name: grouped
            alert:
              threshold: 2
              deduplication_window_minutes: 10
            """)
    }

    /// `count` objects of `records` records each under `logs/`, keys with a space (which the
    /// notifications encode as `+`); their keys.
    func putObjects(_ count: Int, records: Int, body: ((Int) -> String)? = nil) throws -> [String] {
        try (0..<count).map { index in
            let key = "logs/part \(String(format: "%02d", index)).jsonl"
            let text = body?(index) ?? (0..<records).map { line in
                let n = index * records + line
                return #"{"n": \#(n), "user": "u\#(n % 4)", "ts": \#(1_700_000_000 + n * 37)}"#
            }.joined(separator: "\n") + "\n"
            try s3.putObject(bucket: bucket, key: key, body: Array(text.utf8))
            return key
        }
    }

    /// One S3 event notification per key, as S3 sends them (keys form-encoded).
    func announce(_ keys: [String], on queue: String) throws {
        let client = try SQSClient(queueURL: queue, environment: server.environment)
        for key in keys {
            let encoded = key.replacingOccurrences(of: " ", with: "+")
            _ = try client.send(body: """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",\
                "eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"\(bucket)"},"object":{"key":"\(encoded)","size":1}}}]}
                """)
        }
    }

    func freshTable() throws -> String {
        let table = "alerts-\(UUID().uuidString.prefix(8))"
        let created = try workspace.host(["cache", "create-table", "--cache", "dynamodb:\(table)"], environment: server.environment)
        #expect(created.status == 0, "\(created.errors)")
        return table
    }

    func worker(queue: String, table: String, output: String, visibility: Int = 30, idleExit: Int = 3,
                slow: Double? = nil) throws -> Workspace.Running {
        var environment = server.environment
        if let slow { environment["SLOW"] = String(slow) }
        return try workspace.startHost(["consume", "rules", "--queue", queue, "--cache", "dynamodb:\(table)",
                                        "--output", output, "--wait-seconds", "1", "--idle-exit", String(idleExit),
                                        "--visibility-timeout", String(visibility)], environment: environment)
    }

    /// The rows of the given output files, one per `id` (a row written twice is one row).
    func rows(_ files: [String]) throws -> [String: [String: Any]] {
        var rows: [String: [String: Any]] = [:]
        for file in files {
            let text = String(decoding: FileManager.default.contents(atPath: workspace.path(file)) ?? Data(), as: UTF8.self)
            for line in text.split(separator: "\n") {
                let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                rows[try #require(row["id"] as? String)] = row
            }
        }
        return rows
    }

    /// Each alert's id with its highest match count.
    func alerts(_ rows: [String: [String: Any]]) -> [String: Int] {
        var alerts: [String: Int] = [:]
        for row in rows.values {
            guard let id = row["alert_id"] as? String, let count = row["match_count"] as? Int else { continue }
            alerts[id] = max(alerts[id] ?? 0, count)
        }
        return alerts
    }

    func depth(_ queue: String) throws -> (visible: Int, hidden: Int) {
        let printed = try runBoto3("""
            a = sqs.get_queue_attributes(QueueUrl=os.environ['QUEUE'], AttributeNames=['All'])['Attributes']
            print(a['ApproximateNumberOfMessages'], a['ApproximateNumberOfMessagesNotVisible'])
            """, variables: ["QUEUE": queue], server: server)
        let numbers = printed.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        return (numbers.first ?? -1, numbers.last ?? -1)
    }

    /// Waits until a worker holds a message (one is in flight), for at most 30 seconds.
    func waitForAMessageInFlight(_ queue: String) throws {
        for _ in 0..<300 {
            if try depth(queue).hidden > 0 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("no worker took a message")
    }

    @Test func threeWorkersOverThirtyObjectsGiveTheRowsAndAlertsOfOneRun() throws {
        let keys = try putObjects(30, records: 10)
        let queue = try server.freshQueue().url
        try announce(keys, on: queue)
        let table = try freshTable()
        let workers = try (0..<3).map { try worker(queue: queue, table: table, output: "worker-\($0).jsonl") }
        let outcomes = workers.map { $0.finish() }
        for outcome in outcomes { #expect(outcome.status == 0, "\(outcome.errors)") }
        let consumed = try rows((0..<3).map { "worker-\($0).jsonl" })

        let reference = try workspace.host(["run", "rules", "--input", "s3://\(bucket)/logs/", "--cache", "dynamodb:\(try freshTable())",
                                            "--output", "run.jsonl"], environment: server.environment)
        #expect(reference.status == 0, "\(reference.errors)")
        let expected = try rows(["run.jsonl"])
        #expect(expected.count == 60, "every fifth of 300 records")
        #expect(Set(consumed.keys) == Set(expected.keys), "every record processed, none twice")
        #expect(alerts(consumed) == alerts(expected), "one run's alerts")
        #expect(alerts(expected).values.reduce(0, +) == 60, "each match counted once")
        #expect(try depth(queue) == (0, 0), "every message deleted")
        // The workers shared the work (each took at least one message) and said so on exit.
        #expect(outcomes.allSatisfy { $0.errors.contains("objects from") }, "\(outcomes.map(\.errors))")
    }

    @Test func aKilledWorkersObjectIsCompletedByAnotherAndNothingIsCountedTwice() throws {
        let keys = try putObjects(3, records: 10)
        let queue = try server.freshQueue(visibilityTimeout: 2).url
        try announce(keys, on: queue)
        let table = try freshTable()
        let doomed = try worker(queue: queue, table: table, output: "doomed.jsonl", visibility: 2, slow: 0.2)
        try waitForAMessageInFlight(queue)
        Thread.sleep(forTimeInterval: 1.5)
        kill(doomed.process.processIdentifier, SIGKILL)
        _ = doomed.finish()
        #expect(doomed.process.terminationReason == .uncaughtSignal)

        let rescuer = try worker(queue: queue, table: table, output: "rescuer.jsonl", visibility: 2, idleExit: 5).finish()
        #expect(rescuer.status == 0, "\(rescuer.errors)")
        let consumed = try rows(["doomed.jsonl", "rescuer.jsonl"])
        #expect(consumed.count == 6, "every match of the three objects, the killed one's included")
        // The killed worker may have counted matches it never wrote: counted again, they are not
        // counted twice, so each alert's count is the number of its distinct matches.
        var perAlert: [String: Int] = [:]
        for row in consumed.values { perAlert[row["alert_id"] as? String ?? "?", default: 0] += 1 }
        #expect(alerts(consumed) == perAlert)
        #expect(try depth(queue) == (0, 0))
    }

    @Test func aPoisonObjectEndsInTheDeadLetterQueueAndTheOthersAreDone() throws {
        let keys = try putObjects(3, records: 10) { index in
            index == 1 ? "this is not JSON\n" : #"{"n": \#(index * 5), "user": "u", "ts": 1700000000}"# + "\n"
        }
        let (queue, deadLetters) = try server.freshQueue(visibilityTimeout: 1, maxReceiveCount: 2)
        try announce(keys, on: queue)
        let outcome = try worker(queue: queue, table: try freshTable(), output: "out.jsonl", visibility: 1, idleExit: 5).finish()
        #expect(outcome.status == 1, "a message failed: \(outcome.errors)")
        #expect(outcome.errors.contains("s3://\(bucket)/logs/part 01.jsonl:1: invalid record skipped"), "\(outcome.errors)")
        #expect(outcome.errors.contains("left on the queue"), "\(outcome.errors)")
        let consumed = try rows(["out.jsonl"])
        #expect(Set(consumed.values.compactMap { $0["file"] as? String })
                == ["s3://\(bucket)/logs/part 00.jsonl", "s3://\(bucket)/logs/part 02.jsonl"])
        let dead = try runBoto3("""
            m = sqs.receive_message(QueueUrl=os.environ['DLQ'], MaxNumberOfMessages=10, WaitTimeSeconds=1).get('Messages', [])
            print(json.dumps([x['Body'] for x in m]))
            """, variables: ["DLQ": try #require(deadLetters)], server: server)
        let bodies = try decodeJSON([String].self, dead)
        #expect(bodies.count == 1 && bodies[0].contains("part+01.jsonl"), "\(bodies)")
        #expect(try depth(queue) == (0, 0))
    }

    @Test func sigtermFinishesTheObjectAtHandAndLeavesTheRest() throws {
        let keys = try putObjects(3, records: 10)
        let queue = try server.freshQueue(visibilityTimeout: 2).url
        try announce(keys, on: queue)
        // 10 records at 0.3 s: the object outlasts the 2 s visibility, which the worker extends.
        let running = try worker(queue: queue, table: try freshTable(), output: "out.jsonl", visibility: 2, idleExit: 30, slow: 0.3)
        try waitForAMessageInFlight(queue)
        Thread.sleep(forTimeInterval: 0.5)
        kill(running.process.processIdentifier, SIGTERM)
        let outcome = running.finish()
        #expect(outcome.status == 0, "\(outcome.errors)")
        let consumed = try rows(["out.jsonl"])
        #expect(consumed.count == 2, "the object in progress, whole")
        #expect(Set(consumed.values.compactMap { $0["file"] as? String }).count == 1)
        #expect(try depth(queue) == (2, 0), "the two others wait for another worker, visible")
    }

    @Test func aMessageThatIsNotANotificationIsReportedAndLeftOnTheQueue() throws {
        let queue = try server.freshQueue(visibilityTimeout: 30).url
        _ = try SQSClient(queueURL: queue, environment: server.environment).send(body: "hello")
        let outcome = try worker(queue: queue, table: try freshTable(), output: "out.jsonl", idleExit: 2).finish()
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("it is not an S3 event notification"), "\(outcome.errors)")
        #expect(try depth(queue) == (0, 1), "hidden until its visibility timeout, then back")
    }

    @Test func badArgumentsAreRefusedBeforeAnythingStarts() throws {
        let outcome = try workspace.host(["consume", "rules", "--queue", "https://example.invalid/1/q", "--visibility-timeout", "0"])
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains("--visibility-timeout must be from 1 to 43200"), "\(outcome.errors)")
        let missing = try workspace.host(["consume", "rules"])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("--queue"), "\(missing.errors)")
    }
}
