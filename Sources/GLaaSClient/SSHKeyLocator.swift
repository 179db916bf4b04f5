import Foundation
import SSHSignatures

/// Finds the SSH key that signs registry requests, in roar-cli's order: `ROAR_SSH_KEY`, then
/// the configured `glaas.key`, then `~/.ssh/id_ed25519` and `~/.ssh/id_rsa`.
public struct SSHKeyLocator: Sendable {
    /// A key file found, and which rule found it (for `roar auth status`).
    public struct Found: Sendable {
        public var path: String
        public var source: String
        public var key: SSHPrivateKey
    }

    public var environment: [String: String]
    public var configuredPath: String?
    public var home: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, configuredPath: String?, home: String? = nil) {
        self.environment = environment
        self.configuredPath = configuredPath
        self.home = home ?? environment["HOME"] ?? NSHomeDirectory()
    }

    /// The key to use, nil when none exists. An explicitly named key (`ROAR_SSH_KEY`,
    /// `glaas.key`) that cannot be used is an error, not a silent fallback to anonymous; an
    /// unusable key found in ~/.ssh is skipped, and why is returned in `skipped`.
    public func locate() throws -> (found: Found?, skipped: [String]) {
        if let path = environment["ROAR_SSH_KEY"], !path.isEmpty {
            return (Found(path: path, source: "ROAR_SSH_KEY", key: try load(path)), [])
        }
        if let path = configuredPath, !path.isEmpty {
            let expanded = path.hasPrefix("~/") ? home + path.dropFirst(1) : path
            return (Found(path: expanded, source: "config glaas.key", key: try load(expanded)), [])
        }
        var skipped: [String] = []
        for name in ["id_ed25519", "id_rsa"] {
            let path = "\(home)/.ssh/\(name)"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            do {
                return (Found(path: path, source: "auto-discovered from ~/.ssh", key: try load(path)), skipped)
            } catch {
                skipped.append(String(describing: error))
            }
        }
        return (nil, skipped)
    }

    func load(_ path: String) throws -> SSHPrivateKey {
        guard FileManager.default.fileExists(atPath: path) else { throw RegistryClientError.configuration("SSH key \(path) does not exist") }
        do {
            return try SSHPrivateKey(contentsOfFile: path)
        } catch {
            throw RegistryClientError.configuration("cannot use SSH key \(error)")
        }
    }
}
