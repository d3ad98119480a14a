@testable import DetectionEngine
import Testing

/// A record's event time (DESIGN §4, `ts`): epoch seconds or milliseconds, or RFC 3339 text.
@Suite struct EventTimeTests {
    @Test(arguments: [
        (1_700_000_000.0, 1_700_000_000.0),
        (1_700_000_000.5, 1_700_000_000.5),
        (0, 0),
        (86_400, 86_400),
        (1_700_000_000_123, 1_700_000_000.123),
        (1_700_000_000_000, 1_700_000_000),
        (4_102_444_800_000, 4_102_444_800),
    ])
    func epochSecondsAndMilliseconds(value: Double, seconds: Double) {
        let result = EventTime.seconds(fromNumber: value)
        #expect(result.map { abs($0 - seconds) < 1e-6 } == true, "\(value) gave \(String(describing: result))")
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteNumbersHaveNoTime(value: Double) {
        #expect(EventTime.seconds(fromNumber: value) == nil)
    }

    @Test(arguments: [
        ("2023-11-14T22:13:20Z", 1_700_000_000.0),
        ("2023-11-14t22:13:20z", 1_700_000_000),
        ("2023-11-14 22:13:20Z", 1_700_000_000),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59Z", -1),
        ("2024-02-29T00:00:00Z", 1_709_164_800),
        ("2000-03-01T00:00:00Z", 951_868_800),
        ("2023-11-15T00:13:20+02:00", 1_700_000_000),
        ("2023-11-14T17:13:20-05:00", 1_700_000_000),
        ("2023-11-14T22:13:20+00:00", 1_700_000_000),
        ("2023-11-14T22:13:20-00:00", 1_700_000_000),
        ("2023-11-15T03:43:20+05:30", 1_700_000_000),
        ("2023-11-14T22:13:20.5Z", 1_700_000_000.5),
        ("2023-11-14T22:13:20.123456Z", 1_700_000_000.123456),
        ("2023-11-14T22:13:20.250+01:00", 1_699_996_400.25),
    ])
    func rfc3339(text: String, seconds: Double) {
        let result = EventTime.seconds(fromRFC3339: text)
        #expect(result.map { abs($0 - seconds) < 1e-6 } == true, "\(text) gave \(String(describing: result))")
    }

    @Test(arguments: [
        "", "yesterday", "1700000000", "2023-11-14", "2023-11-14T22:13:20", "2023-11-14T22:13Z",
        "2023-11-14T22:13:20Zjunk", " 2023-11-14T22:13:20Z", "2023-11-14T22:13:20.Z", "2023-11-14T22:13:20+0200",
        "2023-11-14T22:13:20+02", "2023-11-14X22:13:20Z", "2023/11/14T22:13:20Z", "23-11-14T22:13:20Z",
        "2023-13-01T00:00:00Z", "2023-00-10T00:00:00Z", "2023-11-00T00:00:00Z", "2023-11-32T00:00:00Z",
        "2023-11-14T24:00:00Z", "2023-11-14T22:60:00Z", "2023-11-14T22:13:61Z", "2023-1a-14T22:13:20Z",
    ])
    func garbageHasNoTime(text: String) {
        #expect(EventTime.seconds(fromRFC3339: text) == nil, "\(text.debugDescription) was read as a time")
    }

    @Test(arguments: ["2023-02-29T00:00:00Z", "2023-02-31T00:00:00Z", "2023-04-31T12:00:00Z", "2100-02-29T00:00:00Z"])
    func impossibleCalendarDatesHaveNoTime(text: String) {
        #expect(EventTime.seconds(fromRFC3339: text) == nil, "\(text) was read as \(String(describing: EventTime.seconds(fromRFC3339: text)))")
    }
}
