import Foundation
import Synchronization

/// One moto server (S3, SQS and DynamoDB in server mode) for the whole test process, on 127.0.0.1 at a
/// free port. Tests share it and keep apart by using tables of their own (`freshTable`).
///
/// The server runs in a python3 child that reads its standard input until end of file: when
/// the test process ends, however it ends, the pipe closes and the server stops with it.
package final class MotoServer: @unchecked Sendable {  // immutable after init
    package let endpoint: String
    private let process: Process
    private let stdin: Pipe

    /// The process-wide server, started on first use.
    package static func shared() throws -> MotoServer {
        try started.withLock { server in
            if let server { return server }
            let fresh = try MotoServer()
            server = fresh
            return fresh
        }
    }

    private static let started = Mutex<MotoServer?>(nil)

    /// `bench/moto_server.py`: moto's DynamoDB with each request applied atomically, as
    /// DynamoDB applies them (moto's own threaded server does not; see the script).
    private static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("bench/moto_server.py").path

    private init() throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script]
        let stdout = Pipe()
        stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()

        // The first line is the port, printed once the server listens.
        var line: [UInt8] = []
        while true {
            let byte = stdout.fileHandleForReading.readData(ofLength: 1)
            guard let first = byte.first else { throw TestFailure("moto did not start (is moto[server] installed?)") }
            if first == UInt8(ascii: "\n") { break }
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            throw TestFailure("moto printed no port: \(String(decoding: line, as: UTF8.self))")
        }
        endpoint = "http://127.0.0.1:\(port)"
        try waitUntilAnswering(port: port)
    }

    /// Fake credentials and the server's address for every service, as clients read them from
    /// the environment.
    package var environment: [String: String] {
        [
            "AWS_ACCESS_KEY_ID": "testing-key-id",
            "AWS_SECRET_ACCESS_KEY": FakeCredentials.secret,
            "AWS_SESSION_TOKEN": FakeCredentials.sessionToken,
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
            "AWS_ENDPOINT_URL_S3": endpoint,
            "AWS_ENDPOINT_URL_SQS": endpoint,
        ]
    }

    private func waitUntilAnswering(port: Int) throws {
        for _ in 0..<200 {
            if canConnect(port: port) { return }
            usleep(50_000)
        }
        throw TestFailure("moto did not answer on port \(port)")
    }
}

/// The secrets the tests hand to stores, so that tests can check they never leak.
package enum FakeCredentials {
    package static let secret = "FAKE-secret-Zq81xYw/never-printed"
    package static let sessionToken = "FAKE-session-token-7Hk2/never-printed"
}

package struct TestFailure: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

/// Whether a TCP connection to 127.0.0.1:`port` succeeds.
package func canConnect(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in.loopback(port: port)
    return withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
}

extension sockaddr_in {
    package static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
