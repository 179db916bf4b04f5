import Foundation

/// Where and how to reach S3: the endpoint (AWS, or any S3-compatible server), the region
/// requests are signed for, the credentials, and when uploads switch to multipart.
public struct S3Configuration: Sendable {
    /// Scheme, host and port; requests use path-style addressing (`endpoint/bucket/key`).
    public var endpoint: URL
    public var region: String
    public var credentials: S3Credentials
    /// Files at least this large are uploaded in parts.
    public var multipartThreshold: Int64
    /// The size of each part but the last (S3 wants 5 MiB or more, and at most 10,000 parts).
    public var partSize: Int64

    public static let defaultRegion = "us-east-1"
    public static let defaultMultipartThreshold: Int64 = 64 << 20
    public static let defaultPartSize: Int64 = 16 << 20

    public init(
        endpoint: URL, region: String, credentials: S3Credentials,
        multipartThreshold: Int64 = defaultMultipartThreshold, partSize: Int64 = defaultPartSize
    ) {
        self.endpoint = endpoint
        self.region = region
        self.credentials = credentials
        self.multipartThreshold = multipartThreshold
        self.partSize = partSize
    }

    /// The configuration from the environment, falling back to the project's settings:
    /// endpoint AWS_ENDPOINT_URL_S3 → AWS_ENDPOINT_URL → `endpoint` → https://s3.REGION.amazonaws.com;
    /// region AWS_REGION → AWS_DEFAULT_REGION → `region` → us-east-1.
    public static func resolve(
        endpoint configuredEndpoint: String? = nil, region configuredRegion: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> S3Configuration {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? configuredRegion ?? defaultRegion
        let text = value("AWS_ENDPOINT_URL_S3") ?? value("AWS_ENDPOINT_URL") ?? configuredEndpoint ?? "https://s3.\(region).amazonaws.com"
        guard let endpoint = URL(string: text), let scheme = endpoint.scheme?.lowercased(), ["http", "https"].contains(scheme),
            endpoint.host != nil
        else {
            throw StorageError.configuration("the S3 endpoint \(text) is not an http:// or https:// URL")
        }
        return S3Configuration(endpoint: endpoint, region: region, credentials: try S3Credentials.resolve(environment: environment))
    }

    /// The part size for a file of `size` bytes: the configured one, grown to stay within 10,000 parts.
    func partSize(for size: Int64) -> Int64 {
        max(partSize, (size + 9_999) / 10_000)
    }
}
