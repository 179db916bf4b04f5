import Foundation

/// An instant as people type it in a time filter: RFC 3339 (`2026-11-27T14:32:06Z`, fractions
/// allowed), a calendar day (`2026-11-27`, UTC), Unix seconds, or an age before now (`30m`, `6h`,
/// `2d`, `1w`). One parser for the web's filters and `roar find`, so both read the same text.
public enum InstantText {
    /// The units of an age and their length in seconds.
    static let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]

    /// What the parser accepts, for error messages.
    public static let accepted = "an RFC 3339 time (2026-11-27T14:32:06Z), a day (2026-11-27), Unix seconds, or an age (30m, 6h, 2d, 1w)"

    /// The instant `text` names, with ages counted back from `now`; nil when it names none.
    /// A day is its first instant; `endOfDay` makes it the first instant of the next day, so
    /// "until 2026-11-27" includes that whole day.
    public static func parse(_ text: String, now: Date = Date(), endOfDay: Bool = false) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 64 else { return nil }
        if let age = age(trimmed) { return now.addingTimeInterval(-age) }
        if let seconds = Double(trimmed), seconds.isFinite, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) {
            return Date(timeIntervalSince1970: seconds)
        }
        if let day = day(trimmed) { return endOfDay ? day.addingTimeInterval(86_400) : day }
        guard day(String(trimmed.prefix(10))) != nil, clockIsValid(trimmed.dropFirst(10)) else { return nil }
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle()) { return date }
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        return nil
    }

    /// Seconds in an age such as `2d`; nil when the text is not one.
    static func age(_ text: String) -> Double? {
        guard let unit = text.last.flatMap({ units[Character($0.lowercased())] }) else { return nil }
        let number = text.dropLast()
        guard !number.isEmpty, number.count <= 9, number.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Double(number) else { return nil }
        return count * unit
    }

    /// Whether the time after an RFC 3339 day (`T14:32:06…`) has an hour, minute and second
    /// in range: the system parser would carry hour 25 into the next day.
    static func clockIsValid(_ text: Substring) -> Bool {
        let characters = Array(text.prefix(9))
        guard characters.count == 9, characters[0] == "T" || characters[0] == "t", characters[3] == ":", characters[6] == ":",
            let hour = Int(String(characters[1...2])), let minute = Int(String(characters[4...5])), let second = Int(String(characters[7...8]))
        else { return false }
        return hour < 24 && minute < 60 && second <= 60
    }

    /// Midnight UTC of a `YYYY-MM-DD` day.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date
    }
}
