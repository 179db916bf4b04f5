import Foundation

/// Where and how to reach Cloud Storage: the JSON API's endpoint, the credentials, and when
/// uploads switch to a resumable session.
public struct GCSConfiguration: Sendable {
    /// Scheme, host and port of the JSON API (`https://storage.googleapis.com`, or an emulator).
    public var endpoint: URL
    public var credentials: GCSCredentials
    /// Files at least this large are uploaded through a resumable session.
    public var resumableThreshold: Int64

    public static let defaultEndpoint = "https://storage.googleapis.com"
    public static let defaultResumableThreshold: Int64 = 64 << 20

    public init(endpoint: URL, credentials: GCSCredentials, resumableThreshold: Int64 = defaultResumableThreshold) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.resumableThreshold = resumableThreshold
    }

    /// The configuration from the environment, as Google's client libraries read it:
    /// STORAGE_EMULATOR_HOST (an emulator, no credentials); else the endpoint ROAR_GCS_ENDPOINT
    /// (default https://storage.googleapis.com) with the credentials of GOOGLE_APPLICATION_CREDENTIALS,
    /// else of gcloud's application-default file (CLOUDSDK_CONFIG or ~/.config/gcloud).
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GCSConfiguration {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let emulator = value("STORAGE_EMULATOR_HOST") {
            return GCSConfiguration(endpoint: try endpoint(emulator, variable: "STORAGE_EMULATOR_HOST"), credentials: .none)
        }
        let endpoint = try endpoint(value("ROAR_GCS_ENDPOINT") ?? defaultEndpoint, variable: "ROAR_GCS_ENDPOINT")
        if let file = value("GOOGLE_APPLICATION_CREDENTIALS") {
            return GCSConfiguration(endpoint: endpoint, credentials: try GCSCredentials.load(file: file))
        }
        let directory = value("CLOUDSDK_CONFIG") ?? ((value("HOME") ?? NSHomeDirectory()) + "/.config/gcloud")
        let defaults = directory + "/application_default_credentials.json"
        guard FileManager.default.fileExists(atPath: defaults) else {
            throw StorageError.configuration(
                "no Google Cloud credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service account key, or run `gcloud auth application-default login`"
            )
        }
        return GCSConfiguration(endpoint: endpoint, credentials: try GCSCredentials.load(file: defaults))
    }

    /// `host:port` or a URL, as an http(s) URL without a trailing slash.
    static func endpoint(_ text: String, variable: String) throws -> URL {
        let full = text.contains("://") ? text : "http://" + text
        let trimmed = full.hasSuffix("/") ? String(full.dropLast()) : full
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw StorageError.configuration("\(variable)=\(text) is not an http(s) endpoint")
        }
        return url
    }
}
