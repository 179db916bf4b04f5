import Foundation

/// Where an artifact lives outside the project: `file:///abs/path`, `s3://bucket/key`,
/// `gs://bucket/key` or (read-only) `https://host/path`, parsed once so every backend and every
/// record sees the same URL text.
public struct StorageLocation: Sendable, Hashable, CustomStringConvertible {
    /// What the URL points into.
    public enum Kind: Sendable, Hashable {
        case file(path: String)
        case s3(bucket: String, key: String)
        case gs(bucket: String, key: String)
        /// An `https://` (or `http://`) URL, kept as typed.
        case web(url: String)
    }

    public let kind: Kind

    /// The schemes a backend exists for, as users type them.
    public static let supportedSchemes = ["file", "s3", "gs", "https"]

    /// Parses `text`; the key or path is taken literally (no percent-decoding), as `aws s3` does.
    public init(_ text: String) throws {
        guard let range = text.range(of: "://") else {
            throw StorageError.badURL("\(text) is not a URL: use file:///absolute/path, s3://bucket/key, gs://bucket/key or https://host/path")
        }
        let scheme = text[..<range.lowerBound].lowercased()
        let rest = String(text[range.upperBound...])
        switch scheme {
        case "file":
            let path = rest.hasPrefix("localhost/") ? String(rest.dropFirst("localhost".count)) : rest
            guard path.hasPrefix("/") else { throw StorageError.badURL("\(text): a file URL needs an absolute path (file:///dir/name)") }
            kind = .file(path: Self.squeezed(path))
        case "s3":
            let bucket = String(rest.prefix { $0 != "/" })
            guard Self.validBucket(bucket) else {
                throw StorageError.badURL("\(text): \"\(bucket)\" is not a valid S3 bucket name (3-63 of a-z 0-9 . -)")
            }
            kind = .s3(bucket: bucket, key: String(rest.dropFirst(bucket.count + 1)))
        case "gs":
            let bucket = String(rest.prefix { $0 != "/" })
            guard Self.validGCSBucket(bucket) else {
                throw StorageError.badURL("\(text): \"\(bucket)\" is not a valid Cloud Storage bucket name (3-63 of a-z 0-9 . - _)")
            }
            kind = .gs(bucket: bucket, key: String(rest.dropFirst(bucket.count + 1)))
        case "https", "http":
            guard let url = URL(string: text), url.host?.isEmpty == false else {
                throw StorageError.badURL("\(text): not a valid \(scheme):// URL (https://host/path)")
            }
            kind = .web(url: scheme + "://" + rest)
        default:
            throw StorageError.badURL(
                "\(text): unsupported URL scheme \(scheme)://; use \(Self.supportedSchemes.map { $0 + "://" }.joined(separator: " or "))")
        }
    }

    public init(kind: Kind) {
        self.kind = kind
    }

    public var scheme: String {
        switch kind {
        case .file: "file"
        case .s3: "s3"
        case .gs: "gs"
        case .web(let url): url.hasPrefix("http://") ? "http" : "https"
        }
    }

    /// The registry's `source_type` for artifacts stored here: `s3`, or nil for plain files
    /// (the v1 protocol knows s3, gs, https, hf and null).
    public var sourceType: String? {
        switch kind {
        case .file: nil
        case .s3: "s3"
        case .gs: "gs"
        case .web: "https"
        }
    }

    /// The URL text, normalised.
    public var description: String {
        switch kind {
        case .file(let path): "file://" + path
        case .s3(let bucket, let key): "s3://\(bucket)/\(key)"
        case .gs(let bucket, let key): "gs://\(bucket)/\(key)"
        case .web(let url): url
        }
    }

    /// The last path component (what `get` names a download after).
    public var name: String {
        switch kind {
        case .file(let path): (path as NSString).lastPathComponent
        case .s3(_, let key), .gs(_, let key): key.split(separator: "/").last.map(String.init) ?? ""
        case .web(let url):
            (URL(string: url)?.path).flatMap { $0.split(separator: "/").last.map(String.init) } ?? ""
        }
    }

    /// This location taken as a directory, with `name` inside it.
    public func appending(_ name: String) -> StorageLocation {
        switch kind {
        case .file(let path): StorageLocation(kind: .file(path: Self.squeezed(path + "/" + name)))
        case .s3(let bucket, let key):
            StorageLocation(kind: .s3(bucket: bucket, key: Self.joined(key, name)))
        case .gs(let bucket, let key): StorageLocation(kind: .gs(bucket: bucket, key: Self.joined(key, name)))
        case .web(let url): StorageLocation(kind: .web(url: url.hasSuffix("/") ? url + name : url + "/" + name))
        }
    }

    /// Whether the URL names a directory (a prefix) rather than one object: it ends with `/`.
    public var isDirectory: Bool { description.hasSuffix("/") }

    /// This location as a directory: the same URL ending with `/`.
    public var asDirectory: StorageLocation {
        switch kind {
        case .file(let path): StorageLocation(kind: .file(path: path.hasSuffix("/") ? path : path + "/"))
        case .s3(let bucket, let key): StorageLocation(kind: .s3(bucket: bucket, key: key.isEmpty || key.hasSuffix("/") ? key : key + "/"))
        case .gs(let bucket, let key): StorageLocation(kind: .gs(bucket: bucket, key: key.isEmpty || key.hasSuffix("/") ? key : key + "/"))
        case .web(let url): StorageLocation(kind: .web(url: url.hasSuffix("/") ? url : url + "/"))
        }
    }

    static func joined(_ key: String, _ name: String) -> String {
        key.isEmpty || key.hasSuffix("/") ? key + name : key + "/" + name
    }

    /// Cloud Storage also allows underscores (and dots in domain-named buckets).
    static func validGCSBucket(_ name: String) -> Bool {
        (3...63).contains(name.count)
            && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "." || $0 == "-" || $0 == "_" }
    }

    static func squeezed(_ path: String) -> String {
        var result = path
        while result.contains("//") { result = result.replacingOccurrences(of: "//", with: "/") }
        return result
    }

    static func validBucket(_ name: String) -> Bool {
        (3...63).contains(name.count)
            && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "." || $0 == "-" }
    }
}
