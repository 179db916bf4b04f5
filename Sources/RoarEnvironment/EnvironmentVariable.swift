import Foundation

/// One variable of the job's environment: every name is recorded (so a reader can see what was set),
/// but a value only for variables known to influence results and never for anything that looks secret.
public struct EnvironmentVariable: Sendable, Codable, Hashable {
    /// The variable name.
    public var name: String
    /// The value, present only for allowlisted, non-secret variables.
    public var value: String?
    /// True when the name or the value looks like a credential; the value is then withheld.
    public var redacted: Bool

    /// Builds a record from known facts.
    public init(name: String, value: String?, redacted: Bool) {
        self.name = name
        self.value = value
        self.redacted = redacted
    }

    /// Variables whose values are recorded by default; a trailing `*` matches any suffix.
    public static let defaultAllowlist: [String] = [
        "PATH", "PYTHONPATH", "PYTHONHASHSEED", "VIRTUAL_ENV", "CONDA_DEFAULT_ENV", "CONDA_PREFIX",
        "CUDA_VISIBLE_DEVICES", "CUDA_HOME", "LD_LIBRARY_PATH", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
        "OPENBLAS_NUM_THREADS", "TF_*", "TORCH_*", "HF_HOME", "TRANSFORMERS_CACHE", "LANG", "LC_ALL", "TZ",
        "SHELL", "USER", "HOME", "PWD", "SEED", "RANDOM_SEED",
    ]

    /// Case-insensitive name fragments that mark a variable as secret.
    public static let secretNameFragments: [String] = [
        "KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "AUTH", "COOKIE", "SESSION", "PRIVATE",
        "DSN",
    ]

    /// Records every variable of `environment`, sorted by name. Values are kept for
    /// ``defaultAllowlist`` plus the names in `extra` (exact, or a prefix ending in `*`), unless the
    /// name contains a ``secretNameFragments`` entry or the value embeds a URL password
    /// (`scheme://user:pass@`), in which case the variable is marked redacted.
    public static func capture(_ environment: [String: String], allow extra: [String] = []) -> [EnvironmentVariable] {
        let allowlist = defaultAllowlist + extra
        return environment.keys.sorted().map { name in
            let value = environment[name] ?? ""
            if isSecret(name: name, value: value) {
                return EnvironmentVariable(name: name, value: nil, redacted: true)
            }
            let allowed = allowlist.contains { matches(name, pattern: $0) }
            return EnvironmentVariable(name: name, value: allowed ? value : nil, redacted: false)
        }
    }

    /// True when the name contains a secret fragment or the value contains `scheme://user:password@`.
    public static func isSecret(name: String, value: String) -> Bool {
        let upper = name.uppercased()
        if secretNameFragments.contains(where: { upper.contains($0) }) { return true }
        return containsURLPassword(value)
    }

    static func matches(_ name: String, pattern: String) -> Bool {
        if pattern.hasSuffix("*") { return name.hasPrefix(pattern.dropLast()) }
        return name == pattern
    }

    /// Finds `scheme://user:password@host` anywhere in `value` (several URLs may be joined by `:` or `,`).
    static func containsURLPassword(_ value: String) -> Bool {
        var rest = Substring(value)
        while let separator = rest.range(of: "://") {
            let scheme = rest[..<separator.lowerBound].reversed().prefix { $0.isLetter || $0.isNumber || "+.-".contains($0) }
            let authority = rest[separator.upperBound...].prefix { !"/?#".contains($0) && !$0.isWhitespace }
            rest = rest[separator.upperBound...]
            guard !scheme.isEmpty, let at = authority.lastIndex(of: "@") else { continue }
            let userInfo = authority[..<at]
            if let colon = userInfo.firstIndex(of: ":"), userInfo.index(after: colon) < userInfo.endIndex {
                return true
            }
        }
        return false
    }
}
