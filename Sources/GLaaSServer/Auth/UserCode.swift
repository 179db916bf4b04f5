/// The code a person reads from a device login and types into `roar auth approve` or the web
/// page: eight letters from an alphabet without vowels or look-alikes (RFC 8628 §6.1), shown as
/// `XXXX-XXXX`; typed in any case, with or without the dash.
public enum UserCode {
    static let alphabet = Array("BCDFGHJKLMNPQRSTVWXZ")

    /// A new random code, `XXXX-XXXX`.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let letters = (0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return String(letters[0..<4]) + "-" + String(letters[4..<8])
    }

    /// The code as stored, from what a person typed; nil when it cannot be one.
    public static func normalized(_ text: String) -> String? {
        let letters = text.uppercased().filter { $0 != "-" && $0 != " " }
        guard letters.count == 8, letters.allSatisfy(alphabet.contains) else { return nil }
        return String(letters.prefix(4)) + "-" + String(letters.suffix(4))
    }
}
