import Foundation

/// An installed Python distribution (what `pip install` installs), recorded so a job's Python
/// dependencies can be pinned and reinstalled.
public struct PythonDistribution: Sendable, Codable, Hashable {
    /// The `Name:` from the distribution's metadata, as spelled there (e.g. `PyYAML`).
    public var name: String
    /// The `Version:` from the distribution's metadata.
    public var version: String

    /// Builds a value from known facts.
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    /// PEP 503 normalised name (`PyYAML` → `pyyaml`, `typing_extensions` → `typing-extensions`),
    /// used to treat two spellings of one distribution as the same.
    public static func normalize(_ name: String) -> String {
        var result = ""
        var pendingSeparator = false
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                pendingSeparator = true
                continue
            }
            if pendingSeparator, !result.isEmpty { result.append("-") }
            pendingSeparator = false
            result.append(character)
        }
        return result
    }
}
