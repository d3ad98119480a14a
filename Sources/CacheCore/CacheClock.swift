import Synchronization

/// Where the cache reads the time. Injectable so that expiry is tested without sleeping.
public protocol CacheClock: Sendable {
    /// Seconds since the Unix epoch.
    func now() -> Double
}

/// The wall clock. On Linux its coarse variant: it reads the time of the last scheduler tick
/// (a few milliseconds old at most) without the counter read that made `CLOCK_REALTIME` 6% of a
/// cache get. TTLs are whole seconds: an entry may live a tick past its expiry, never less.
public struct SystemClock: CacheClock {
    public init() {}

    public func now() -> Double {
        var spec = timespec()
        #if os(Linux)
        clock_gettime(CLOCK_REALTIME_COARSE, &spec)
        #else
        clock_gettime(CLOCK_REALTIME, &spec)
        #endif
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// A clock that moves only when told to: the test double for expiry.
public final class ManualClock: CacheClock {
    private let current: Mutex<Double>

    public init(now: Double = 1_700_000_000) {
        current = Mutex(now)
    }

    public func now() -> Double {
        current.withLock { $0 }
    }

    public func advance(by seconds: Double) {
        current.withLock { $0 += seconds }
    }

    public func set(_ seconds: Double) {
        current.withLock { $0 = seconds }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
