import Foundation

/// Joins argv into one string a POSIX shell would split back into the same words
/// (Python's `shlex.join`, which roar-cli uses for a job's `command`).
enum ShellQuoting {
    static func join(_ argv: [String]) -> String {
        argv.map(quote).joined(separator: " ")
    }

    static func quote(_ word: String) -> String {
        if word.isEmpty { return "''" }
        let safe = word.unicodeScalars.allSatisfy { scalar in
            CharacterSetting.safe.contains(scalar)
        }
        if safe { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }

    private enum CharacterSetting {
        static let safe: Set<Unicode.Scalar> = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_".unicodeScalars)
    }
}
