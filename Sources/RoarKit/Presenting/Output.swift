import Foundation
import LineageModel

/// Small formatting helpers shared by the presenters: aligned columns, short digests, sizes.
public enum Output {
    /// A digest shortened the way roar prints it.
    public static func short(_ digest: String) -> String { String(digest.prefix(12)) }

    public static func size(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes)B" : String(format: value < 10 ? "%.1f%@" : "%.0f%@", value, units[unit])
    }

    public static func duration(_ seconds: Double) -> String {
        seconds < 60 ? String(format: "%.2fs", seconds) : String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
    }

    public static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// Rows with their columns padded to the widest cell (the last column is not padded); control
    /// characters in cells are shown escaped (`TerminalText`), never sent to the terminal.
    public static func table(_ rows: [[String]], indent: String = "") -> String {
        let rows = rows.map { $0.map(TerminalText.escaped) }
        guard let columns = rows.map(\.count).max(), columns > 0 else { return "" }
        var widths = Array(repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() where index < columns - 1 { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            indent
                + row.enumerated().map { index, cell in
                    index < row.count - 1 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0) : cell
                }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// JSON for `--json`: indented, keys sorted.
    public static func json(_ value: JSONValue) -> String {
        let compact = Data(CanonicalJSON.bytes(value))
        guard let object = try? JSONSerialization.jsonObject(with: compact, options: [.fragmentsAllowed]),
            let pretty = try? JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return String(decoding: compact, as: UTF8.self) }
        return String(decoding: pretty, as: UTF8.self)
    }
}
