import Foundation
import GLaaSWeb
import Testing

@testable import GLaaSServer

/// Times and durations no store accepts any more, but older rows may hold, are shown, never
/// trapped on (a page showing a duration of 1e300 s used to stop the server).
@Suite struct OutOfRangeFormatTests {
    @Test func hugeDurationsAndTimesAreShownNotTrappedOn() {
        #expect(WebFormat.duration(1e300) == "1e+300 s")
        #expect(WebFormat.duration(3 * 3600 + 125) == "3 h 2 min")
        #expect(WebFormat.time(Date(timeIntervalSince1970: 1e300)) == "1e+300 s since 1970")
        #expect(WebFormat.time(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00 UTC")
        #expect(WebFormat.time(unix: 1e300) == nil)
        #expect(ISOTimestamp.string(from: Date(timeIntervalSince1970: 1e300)) == "9999-12-31T23:59:59Z")
        #expect(ISOTimestamp.string(from: Date(timeIntervalSince1970: -1e300)) == "0001-01-01T00:00:00Z")
        #expect(ISOTimestamp.string(from: Date(timeIntervalSince1970: 1_795_789_893.5)) == "2026-11-27T14:31:33Z")
    }
}
