import Foundation

/// Runs a Python script that talks to the moto server with boto3, as Matano's runtime does, and
/// returns what it prints. The script finds ready clients in `ddb`, `s3` and `sqs`, and
/// `variables` in its environment.
package func runBoto3(_ body: String, variables: [String: String] = [:], server: MotoServer) throws -> String {
    let prelude = """
        import json, os, sys, time
        import boto3
        ddb = boto3.client("dynamodb", endpoint_url=os.environ["AWS_ENDPOINT_URL_DYNAMODB"], region_name=os.environ["AWS_REGION"])
        s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL_S3"], region_name=os.environ["AWS_REGION"])
        sqs = boto3.client("sqs", endpoint_url=os.environ["AWS_ENDPOINT_URL_SQS"], region_name=os.environ["AWS_REGION"])

        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", prelude + body]
    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
    environment.merge(server.environment) { _, new in new }
    environment.merge(variables) { _, new in new }
    process.environment = environment
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    let errors = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw TestFailure("boto3 script failed (\(process.terminationStatus)): \(String(decoding: errors, as: UTF8.self))")
    }
    return String(decoding: output, as: UTF8.self)
}

/// Decodes the JSON a boto3 script printed.
package func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(text.utf8))
}

extension MotoServer {
    /// A new, empty bucket whose name starts with `purpose`.
    package func freshBucket(_ purpose: String) throws -> String {
        let bucket = "\(purpose)-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try runBoto3("s3.create_bucket(Bucket=os.environ['BUCKET'])", variables: ["BUCKET": bucket], server: self)
        return bucket
    }

    /// A new queue hiding received messages for `visibilityTimeout` seconds, with a dead-letter
    /// queue after `maxReceiveCount` receives when given: the two URLs.
    package func freshQueue(visibilityTimeout: Int = 30, maxReceiveCount: Int? = nil) throws -> (url: String, deadLetters: String?) {
        let name = "q-\(UUID().uuidString.prefix(8))"
        let printed = try runBoto3("""
            name = os.environ['QUEUE']
            limit = os.environ.get('MAX_RECEIVES')
            attributes = {'VisibilityTimeout': os.environ['VISIBILITY']}
            dlq = ''
            if limit:
                dlq = sqs.create_queue(QueueName=name + '-dlq')['QueueUrl']
                arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
                attributes['RedrivePolicy'] = json.dumps({'deadLetterTargetArn': arn, 'maxReceiveCount': limit})
            print(sqs.create_queue(QueueName=name, Attributes=attributes)['QueueUrl'])
            print(dlq)
            """, variables: ["QUEUE": name, "MAX_RECEIVES": maxReceiveCount.map(String.init) ?? "",
                             "VISIBILITY": String(visibilityTimeout)], server: self)
        let lines = printed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (lines[0], lines.count > 1 && !lines[1].isEmpty ? lines[1] : nil)
    }
}
