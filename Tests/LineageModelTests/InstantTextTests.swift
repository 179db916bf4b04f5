import Foundation
import LineageModel
import Testing

/// The time filter's text: RFC 3339, days, Unix seconds and ages, and what is refused.
struct InstantTextTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func agesCountBackFromNow() {
        #expect(InstantText.parse("30m", now: now) == now.addingTimeInterval(-1_800))
        #expect(InstantText.parse("6h", now: now) == now.addingTimeInterval(-21_600))
        #expect(InstantText.parse("2d", now: now) == now.addingTimeInterval(-172_800))
        #expect(InstantText.parse("1w", now: now) == now.addingTimeInterval(-604_800))
        #expect(InstantText.parse("45s", now: now) == now.addingTimeInterval(-45))
        #expect(InstantText.parse("2D", now: now) == now.addingTimeInterval(-172_800))
    }

    @Test func instantsDaysAndUnixSeconds() {
        #expect(InstantText.parse("1970-01-01T00:00:10Z") == Date(timeIntervalSince1970: 10))
        #expect(InstantText.parse("1970-01-01T00:00:10.5Z") == Date(timeIntervalSince1970: 10.5))
        #expect(InstantText.parse("1970-01-01T01:00:00+01:00") == Date(timeIntervalSince1970: 0))
        #expect(InstantText.parse("1970-01-02") == Date(timeIntervalSince1970: 86_400))
        #expect(InstantText.parse("1970-01-02", endOfDay: true) == Date(timeIntervalSince1970: 172_800))
        #expect(InstantText.parse("1700000000") == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(InstantText.parse("  2d ", now: now) == now.addingTimeInterval(-172_800))
    }

    @Test(arguments: [
        "", " ", "yesterday", "2d ago", "-2d", "d", "2y", "1.5d", "9999999999d", "2026-13-01", "2026-02-30", "2026-1-01", "26-01-01",
        "2026-01-01T25:00:00Z", "1e9", "nan", "inf", "0x10", String(repeating: "9", count: 80), "２d",
    ])
    func textThatNamesNoInstantIsRefused(text: String) {
        #expect(InstantText.parse(text) == nil, "\(text)")
    }
}
