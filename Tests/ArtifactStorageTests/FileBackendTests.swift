import Foundation
import Testing

@testable import ArtifactStorage

/// file:// storage on real files: a round trip, and what happens to a missing source.
struct FileBackendTests {
    @Test func roundTripKeepsTheBytes() async throws {
        let root = NSTemporaryDirectory() + "storage-file-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Over a megabyte, so the copy takes more than one chunk.
        let bytes = Data((0..<(3 << 19)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try bytes.write(to: URL(fileURLWithPath: root + "/source.bin"))
        let backend = FileBackend()
        let location = try StorageLocation("file://\(root)/store/deep").appending("source.bin")
        #expect(try await backend.stat(location) == nil)
        try await backend.upload(file: root + "/source.bin", to: location)
        #expect(try await backend.stat(location) == StoredObject(size: Int64(bytes.count), etag: nil))
        #expect(try await backend.download(location, to: root + "/copy.bin") == Int64(bytes.count))
        #expect(FileManager.default.contents(atPath: root + "/copy.bin") == bytes)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root + "/store/deep")
        #expect(leftovers == ["source.bin"], "no temporary file is left behind")
    }

    @Test func missingFilesAreNamed() async throws {
        let backend = FileBackend()
        await #expect {
            try await backend.upload(file: "/nonexistent/in.bin", to: try StorageLocation("file:///tmp/out.bin"))
        } throws: { String(describing: $0) == "/nonexistent/in.bin: No such file or directory" }
        let missing = await #expect(throws: StorageError.self) {
            _ = try await backend.download(try StorageLocation("file:///nonexistent/x"), to: NSTemporaryDirectory() + "never")
        }
        guard case .notFound(let message)? = missing else {
            Issue.record("expected StorageError.notFound, got \(String(describing: missing))")
            return
        }
        #expect(message.hasPrefix("file:///nonexistent/x"), "\(message)")
    }
}
