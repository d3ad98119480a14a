import Foundation

/// Writes bytes to a file descriptor with write(2): short writes and EINTR are retried, and a
/// failure is returned, never trapped on (Foundation's `FileHandle.write` kills the process when
/// the reader of a pipe has gone, as in `detection-host run … | head`).
struct DescriptorWriter: Sendable {
    enum Failure: Error, Equatable {
        /// The reading end of the pipe is closed (EPIPE): nobody reads any more.
        case closedPipe
        /// Any other error (a full disk, an I/O error), with the system's text.
        case failed(String)
    }

    let descriptor: Int32

    /// Writes all of `bytes`, or returns why it could not.
    func write(_ bytes: UnsafeRawBufferPointer) -> Failure? {
        guard var next = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let written = Foundation.write(descriptor, next, left)
            if written >= 0 {
                next += written
                left -= written
                continue
            }
            switch errno {
            case EINTR: continue
            case EPIPE: return .closedPipe
            default: return .failed(String(cString: strerror(errno)))
            }
        }
        return nil
    }

    func write(_ bytes: [UInt8]) -> Failure? {
        bytes.withUnsafeBytes { write($0) }
    }
}

/// Messages for a person: standard error, unbuffered. A closed or failing standard error is
/// ignored: there is nowhere left to say anything.
enum Diagnostics {
    private static let standardError = DescriptorWriter(descriptor: 2)

    static func print(_ message: String) {
        write(message.hasSuffix("\n") ? message : message + "\n")
    }

    /// Writes `text` as it is (no newline added), for the progress line.
    static func write(_ text: String) {
        _ = standardError.write(Array(text.utf8))
    }
}
