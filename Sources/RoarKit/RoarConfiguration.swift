import Foundation

/// `.roar/config.json`: what roar records and what it leaves out.
public struct RoarConfiguration: Codable, Sendable, Equatable {
    /// Where `roar register` publishes (used by the registry client).
    public var glaasURL: String?
    /// Paths never recorded: absolute ones are prefixes, others match a path component
    /// sequence anywhere (`__pycache__`, `.venv`, `logs/debug`).
    public var ignore: [String]
    /// Writes outside the project under these prefixes are scratch, not outputs.
    public var scratchPrefixes: [String]
    /// Environment variables whose values are recorded (others: names only).
    public var environmentAllowlist: [String]
    /// The S3-compatible endpoint `roar put`/`get` use when AWS_ENDPOINT_URL is not set.
    public var s3Endpoint: String?
    /// The region S3 requests are signed for when AWS_REGION is not set.
    public var s3Region: String?
    /// Seconds a registry request may take (`glaas.timeout`; nil: the client's default).
    public var glaasTimeout: Double?
    /// The SSH private key that signs registry requests (`glaas.key`; nil: ~/.ssh discovery).
    public var glaasKey: String?
    /// Where `roar register` publishes (`roar scope use`; nil: public, signed when a credential is accepted).
    public var scope: PublishScope?

    public static let `default` = RoarConfiguration(
        glaasURL: nil,
        ignore: ["__pycache__", ".pytest_cache", ".ipynb_checkpoints", ".mypy_cache"],
        scratchPrefixes: ["/tmp", "/var/tmp", "/dev/shm"],
        environmentAllowlist: [])

    public init(glaasURL: String?, ignore: [String], scratchPrefixes: [String], environmentAllowlist: [String]) {
        self.glaasURL = glaasURL
        self.ignore = ignore
        self.scratchPrefixes = scratchPrefixes
        self.environmentAllowlist = environmentAllowlist
    }

    enum CodingKeys: String, CodingKey {
        case glaasURL = "glaas_url"
        case ignore
        case scratchPrefixes = "scratch_prefixes"
        case environmentAllowlist = "environment_allowlist"
        case s3Endpoint = "s3_endpoint"
        case s3Region = "s3_region"
        case glaasTimeout = "glaas_timeout"
        case glaasKey = "glaas_key"
        case scope
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let fallback = Self.default
        glaasURL = try container.decodeIfPresent(String.self, forKey: .glaasURL)
        ignore = try container.decodeIfPresent([String].self, forKey: .ignore) ?? fallback.ignore
        scratchPrefixes = try container.decodeIfPresent([String].self, forKey: .scratchPrefixes) ?? fallback.scratchPrefixes
        environmentAllowlist = try container.decodeIfPresent([String].self, forKey: .environmentAllowlist) ?? fallback.environmentAllowlist
        s3Endpoint = try container.decodeIfPresent(String.self, forKey: .s3Endpoint)
        s3Region = try container.decodeIfPresent(String.self, forKey: .s3Region)
        glaasTimeout = try container.decodeIfPresent(Double.self, forKey: .glaasTimeout)
        glaasKey = try container.decodeIfPresent(String.self, forKey: .glaasKey)
        scope = try container.decodeIfPresent(PublishScope.self, forKey: .scope)
    }

    public static func load(_ project: RoarProject) throws -> RoarConfiguration {
        guard let data = FileManager.default.contents(atPath: project.configurationPath) else { return .default }
        do {
            return try JSONDecoder().decode(RoarConfiguration.self, from: data)
        } catch {
            throw RoarError.failed("\(project.configurationPath) is not valid: \(error)")
        }
    }

    public func save(_ project: RoarProject) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try (try encoder.encode(self) + Data("\n".utf8)).write(to: URL(fileURLWithPath: project.configurationPath), options: .atomic)
    }
}
