/// Text from a recording or a registry, made safe to print: control characters (C0, DEL, C1)
/// and the bidirectional overrides that can make a terminal show something other than what
/// runs are replaced by visible escapes (`\x1b`, `\u{202e}`).
public enum TerminalText {
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var shown = ""
        for scalar in text.unicodeScalars {
            if !isUnsafe(scalar) {
                shown.unicodeScalars.append(scalar)
            } else if scalar.value < 0x100 {
                shown += "\\x" + hex(scalar.value, digits: 2)
            } else {
                shown += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return shown
    }

    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
