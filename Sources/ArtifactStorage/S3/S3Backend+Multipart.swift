import AsyncHTTPClient
import Foundation
import NIOCore

extension S3Backend {
    /// How many parts of one upload are sent at once.
    static let partsInFlight = 4

    /// CreateMultipartUpload, UploadPart for each range of the file, CompleteMultipartUpload;
    /// AbortMultipartUpload when any step fails, so no invisible parts are left billed.
    func uploadInParts(file path: String, size: Int64, bucket: String, key: String, location: StorageLocation) async throws {
        let created = try await send("POST", bucket: bucket, key: key, query: [("uploads", "")], location: location)
        let document = String(buffer: try await created.body.collect(upTo: 1 << 16))
        guard let uploadID = S3XML.value(of: "UploadId", in: document) else {
            throw StorageError.transfer("\(location): the server started no multipart upload (no UploadId in its answer)")
        }
        do {
            let partSize = configuration.partSize(for: size)
            let count = Int((size + partSize - 1) / partSize)
            var found = [String?](repeating: nil, count: count)
            // A few parts in flight at once, as `aws s3 cp` does: one connection rarely fills the link.
            try await withThrowingTaskGroup(of: (Int, String).self) { group in
                var next = 0
                var completed = 0
                while completed < count {
                    while next < count && next - completed < Self.partsInFlight {
                        let index = next
                        let offset = Int64(index) * partSize
                        let length = min(partSize, size - offset)
                        group.addTask {
                            let body = HTTPClientRequest.Body.stream(FileChunks(path: path, offset: offset, length: length), length: .known(length))
                            let response = try await send(
                                "PUT", bucket: bucket, key: key, query: [("partNumber", String(index + 1)), ("uploadId", uploadID)],
                                headers: ["content-length": String(length)], body: body, payloadHash: SigV4Signer.unsignedPayload,
                                location: location)
                            guard let etag = response.headers.first(name: "etag") else {
                                throw StorageError.transfer("\(location): part \(index + 1) was stored without an ETag")
                            }
                            return (index, etag)
                        }
                        next += 1
                    }
                    guard let (index, etag) = try await group.next() else { break }
                    found[index] = etag
                    completed += 1
                }
            }
            let etags = found.compactMap { $0 }
            let parts = etags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\(S3XML.escape($0.element))</ETag></Part>" }
            let xml = "<CompleteMultipartUpload>\(parts.joined())</CompleteMultipartUpload>"
            let completed = try await send(
                "POST", bucket: bucket, key: key, query: [("uploadId", uploadID)], headers: ["content-length": String(xml.utf8.count)],
                body: .bytes(ByteBuffer(string: xml)), payloadHash: SigV4Signer.hexSHA256(Data(xml.utf8)), location: location)
            // CompleteMultipartUpload can fail with status 200 and an error document.
            let answer = String(buffer: try await completed.body.collect(upTo: 1 << 16))
            if let code = S3XML.value(of: "Code", in: answer), answer.contains("<Error>") {
                throw StorageError.service(
                    location: location.description, status: 200, code: code, message: S3XML.value(of: "Message", in: answer) ?? "")
            }
        } catch {
            _ = try? await send("DELETE", bucket: bucket, key: key, query: [("uploadId", uploadID)], location: location)
            throw error
        }
    }
}
