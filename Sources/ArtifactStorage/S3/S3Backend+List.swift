import AsyncHTTPClient
import Foundation
import NIOCore

extension S3Backend {
    /// ListObjectsV2 under the prefix's key, following continuation tokens to the end.
    public func list(_ prefix: StorageLocation) async throws -> [ListedObject] {
        try await list(prefix, pageSize: nil)
    }

    /// The listing, `pageSize` keys a request (the server's default, 1000, when nil).
    func list(_ prefix: StorageLocation, pageSize: Int?) async throws -> [ListedObject] {
        let (bucket, key) = try Self.parts(prefix)
        var objects: [ListedObject] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", key)]
            if let token { query.append(("continuation-token", token)) }
            if let pageSize { query.append(("max-keys", String(pageSize))) }
            let response = try await send("GET", bucket: bucket, key: "", query: query, location: prefix)
            let document = String(buffer: try await response.body.collect(upTo: 16 << 20))
            for entry in S3XML.elements("Contents", in: document) {
                guard let name = S3XML.value(of: "Key", in: entry), name.hasPrefix(key) else { continue }
                let size = S3XML.value(of: "Size", in: entry).flatMap(Int64.init) ?? 0
                objects.append(
                    ListedObject(
                        location: StorageLocation(kind: .s3(bucket: bucket, key: name)), relativeKey: String(name.dropFirst(key.count)), size: size
                    ))
            }
            let truncated = S3XML.value(of: "IsTruncated", in: document) == "true"
            token = truncated ? S3XML.value(of: "NextContinuationToken", in: document) : nil
            if truncated && token == nil {
                throw StorageError.transfer("\(prefix): the listing was cut short without a continuation token")
            }
        } while token != nil
        return objects
    }
}
