import Foundation
import Synchronization

/// A tiny HTTP/1.1 server on 127.0.0.1 that plays a scripted list of answers, one per request
/// (the last repeats), and records what it was sent: the AWS double for failures moto cannot
/// produce on demand (throttling, 5xx, silence).
package final class FakeEndpoint: @unchecked Sendable {  // the socket is immutable; the rest is in a Mutex
    /// One scripted answer; `nil` status means "never answer" (a hung server).
    package struct Answer: Sendable {
        package var status: Int?
        package var body: String
        /// Headers sent besides the content type and length (a redirect's `Location`).
        package var headers: [String: String] = [:]

        package init(status: Int?, body: String, headers: [String: String] = [:]) {
            self.status = status
            self.body = body
            self.headers = headers
        }

        package static func ok(_ body: String) -> Answer { Answer(status: 200, body: body) }
        package static func error(_ status: Int, _ code: String, _ message: String = "scripted") -> Answer {
            Answer(status: status, body: #"{"__type":"com.amazonaws.dynamodb.v20120810#\#(code)","message":"\#(message)"}"#)
        }
        package static let silence = Answer(status: nil, body: "")
    }

    /// A request as received: the header block (lower-cased names) and the body.
    package struct Received: Sendable {
        package var headers: [String: String]
        package var body: String
    }

    package let port: Int
    package var endpoint: String { "http://127.0.0.1:\(port)" }
    private let listener: Int32
    private let state: Mutex<(answers: [Answer], received: [Received])>

    package init(_ answers: [Answer]) throws {
        state = Mutex((answers, []))
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard fd >= 0, bound == 0, listen(fd, 16) == 0 else { throw TestFailure("cannot listen on 127.0.0.1") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Stops accepting; the accept loop's thread ends and closes the socket.
    package func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    package var received: [Received] { state.withLock { $0.received } }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                close(listener)
                return
            }
            Thread.detachNewThread { [self] in serve(connection) }
        }
    }

    /// Answers requests on one keep-alive connection until the client closes it.
    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var buffer: [UInt8] = []
        while let request = readRequest(connection, &buffer) {
            let answer = state.withLock { state in
                state.received.append(request)
                return state.answers.count > 1 ? state.answers.removeFirst() : state.answers[0]
            }
            guard let status = answer.status else {
                // Hold the connection without a word until the client gives up.
                while recv(connection, &buffer, 1, 0) > 0 {}
                return
            }
            let body = Array(answer.body.utf8)
            let extra = answer.headers.map { "\($0.key): \($0.value)\r\n" }.joined()
            let head = "HTTP/1.1 \(status) Scripted\r\nContent-Type: application/x-amz-json-1.0\r\n"
                + extra + "Content-Length: \(body.count)\r\n\r\n"
            let bytes = Array(head.utf8) + body
            guard send(connection, bytes, bytes.count, 0) == bytes.count else { return }
        }
    }

    /// Reads one request (headers, then a body of Content-Length bytes); nil at end of stream.
    private func readRequest(_ connection: Int32, _ buffer: inout [UInt8]) -> Received? {
        let separator = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        while true {
            if headerEnd == nil, let end = buffer.firstRange(of: separator)?.upperBound { headerEnd = end }
            if let end = headerEnd {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                var headers: [String: String] = [:]
                for line in head.split(separator: "\r\n").dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                let length = Int(headers["content-length"] ?? "0") ?? 0
                if buffer.count >= end + length {
                    let body = String(decoding: buffer[end..<(end + length)], as: UTF8.self)
                    buffer.removeFirst(end + length)
                    return Received(headers: headers, body: body)
                }
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }
}
