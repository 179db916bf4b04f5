import Foundation

/// Where an artifact's bytes can be fetched again (`roar put` uploaded them there, or
/// `roar get` downloaded them from there): what the registry calls source_type/source_url.
public struct ArtifactSource: Sendable, Codable, Hashable {
    /// The v1 protocol's `source_type`: `s3`, or nil for `file://` URLs (the protocol knows
    /// s3, gs, https, hf and null).
    public var sourceType: String?
    /// The URL, e.g. `s3://bucket/run1/model.json`.
    public var sourceURL: String

    public init(sourceType: String?, sourceURL: String) {
        self.sourceType = sourceType
        self.sourceURL = sourceURL
    }
}
