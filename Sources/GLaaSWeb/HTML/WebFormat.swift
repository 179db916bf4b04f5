import Foundation
import LineageStore

/// How the pages show numbers, times, hashes and addresses, in one place so every page agrees.
public enum WebFormat {
    /// `1.5 MB`-style sizes (decimal units, as `roar show` prints them).
    public static func size(_ bytes: Int64?) -> String {
        guard let bytes else { return "?" }
        if bytes < 1000 { return "\(bytes) B" }
        // In integers, not String(format:) (microseconds each on Linux; a graph page formats a
        // size per artifact): one decimal under 10 units, none above, halves rounded up.
        let units = ["kB", "MB", "GB", "TB", "PB", "EB"]
        var unit = 0
        var divisor: Int64 = 1000
        while unit < units.count - 1, bytes / divisor >= 1000 {
            divisor *= 1000
            unit += 1
        }
        func rounded(_ step: Int64) -> Int64 {
            bytes / step + (bytes % step >= step - step / 2 ? 1 : 0)
        }
        if bytes / divisor < 10 {
            let tenths = rounded(divisor / 10)
            return "\(tenths / 10).\(tenths % 10) \(units[unit])"
        }
        return "\(rounded(divisor)) \(units[unit])"
    }

    /// A UTC time like `2026-11-27 23:50:12 UTC`; a time outside years 1-9999 (none is stored
    /// since the stores check `RecordRanges`, but older rows may hold one) as its raw seconds.
    public static func time(_ date: Date) -> String {
        let raw = date.timeIntervalSince1970
        guard RecordRanges.seconds.contains(raw) else { return raw.isFinite ? String(format: "%.6g s since 1970", raw) : "an unknown time" }
        let seconds = Int64(raw.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        return String(format: "%04lld-%02lld-%02lld %02lld:%02lld:%02lld UTC", year, month, day, rest / 3600, (rest % 3600) / 60, rest % 60)
    }

    /// A Unix timestamp (seconds, possibly fractional) as a UTC time.
    public static func time(unix: Double?) -> String? {
        guard let unix, unix.isFinite, abs(unix) < 1e11 else { return nil }
        return time(Date(timeIntervalSince1970: unix))
    }

    /// Seconds as `0.42 s`, `12 s`, `3 min 5 s`.
    public static func duration(_ seconds: Double?) -> String? {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return nil }
        if seconds < 10 { return String(format: "%.2f s", seconds) }
        if seconds < 120 { return String(format: "%.0f s", seconds) }
        guard seconds < 1e9 else { return String(format: "%.3g s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 7200 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \((whole % 3600) / 60) min"
    }

    /// The first 12 characters of a hash, for labels (the full hash goes in a title).
    public static func short(_ hash: String, _ length: Int = 12) -> String {
        String(hash.prefix(length))
    }

    /// The last path component, or the whole text when it has none.
    public static func baseName(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/"), trimmed.index(after: slash) < trimmed.endIndex else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// Text cut to `limit` characters with an ellipsis.
    public static func truncated(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(limit - 1, 1))) + "…"
    }

    /// Percent-encodes a path segment or query value: everything but unreserved characters.
    public static func urlComponent(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }

    /// Thousands separated by commas: `1,204`.
    public static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var output = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { output += "," }
            output.append(character)
        }
        return value < 0 ? "-" + output : output
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm), so
    /// formatting needs no Foundation calendar or locale.
    static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
