import Foundation
import Glibc

/// `${XDG_CONFIG_HOME:-$HOME/.config}/roar/registries.json`: the logins of `roar login`, one
/// entry per registry base URL. The directory is 0700 and the file 0600; every change writes a
/// new file beside it and renames it over the old one, so a reader sees the old or the new
/// file, never half of one. (Not roar-cli's `auth.json`: the two keep separate logins.)
public struct TokenStore: Sendable {
    public static let fileName = "registries.json"

    /// The file's path.
    public let path: String

    /// The store of the user `environment` names (`XDG_CONFIG_HOME`, else `HOME`/.config).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        // The XDG rule: a relative XDG_CONFIG_HOME is invalid and ignored.
        let configured = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        self.init(path: (configured ?? home + "/.config") + "/roar/" + Self.fileName)
    }

    /// The store at `path`.
    public init(path: String) {
        self.path = path
    }

    /// Every login, by registry URL; empty when the file does not exist.
    public func load() throws -> [String: RegistryLogin] {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) { throw RoarError.failed("cannot read \(path)") }
            return [:]
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode([String: RegistryLogin].self, from: data)
        } catch {
            throw RoarError.failed("\(path) is not a valid login file (\(Self.reason(error))); remove it and run `roar login` again")
        }
    }

    /// The login for `registry` (a base URL), nil when there is none.
    public func login(for registry: String) throws -> RegistryLogin? {
        try load()[Self.key(registry)]
    }

    /// Stores `login` as the one for `registry`, replacing any other.
    public func save(_ login: RegistryLogin, for registry: String) throws {
        var all = try load()
        all[Self.key(registry)] = login
        try write(all)
    }

    /// Removes the login for `registry`; false when there was none.
    @discardableResult
    public func remove(registry: String) throws -> Bool {
        var all = try load()
        guard all.removeValue(forKey: Self.key(registry)) != nil else { return false }
        try write(all)
        return true
    }

    /// A registry's key: its base URL without trailing slashes.
    public static func key(_ registry: String) -> String {
        var url = registry.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// Writes `all` to a 0600 file in the 0700 directory, then renames it into place.
    func write(_ all: [String: RegistryLogin]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(all) + Data("\n".utf8)
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard chmod(directory, 0o700) == 0 else { throw Self.failure("cannot make \(directory) private") }
        let temporary = directory + "/.\(Self.fileName).\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("cannot write \(temporary)") }
        var written = 0
        let complete = data.withUnsafeBytes { bytes -> Bool in
            while written < bytes.count {
                let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                written += count
            }
            return true
        }
        let synced = complete && fsync(descriptor) == 0
        let failure = synced ? nil : Self.failure("cannot write \(temporary)")
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let failure = Self.failure("cannot replace \(path)")
            unlink(temporary)
            throw failure
        }
    }

    static func failure(_ message: String) -> RoarError {
        RoarError.failed("\(message): \(String(cString: strerror(errno)))")
    }

    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): "\(Self.where(context))\(context.debugDescription)"
        case DecodingError.keyNotFound(let key, let context): "\(Self.where(context))no \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\(Self.where(context))\(context.debugDescription)"
        default: "\(error)"
        }
    }

    static func `where`(_ context: DecodingError.Context) -> String {
        context.codingPath.isEmpty ? "" : context.codingPath.map(\.stringValue).joined(separator: ".") + ": "
    }
}
