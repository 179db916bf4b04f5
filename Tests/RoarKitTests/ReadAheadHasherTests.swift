import Foundation
import RoarTrace
import TestSupport
import Testing

@testable import RoarKit

/// Hashing while the job runs: a digest counts only for the content the job read (the stamp
/// at its first open), filtered paths are not read, finishing never waits on a queue, and the
/// recorder uses a digest only while the file still has the stamp it was taken under.
@Suite(.timeLimit(.minutes(1)))
struct ReadAheadHasherTests {
    static func identity(_ path: String) throws -> FileIdentity {
        let stamp = try #require(FileStamp(path: path))
        return FileIdentity(device: stamp.device, inode: stamp.inode, size: stamp.size, modificationTimeNanoseconds: stamp.mtimeNanoseconds)
    }

    @Test func filesReadAreHashedAsTheJobReadThem() throws {
        let fixture = try ProjectFixture()
        try FileManager.default.createDirectory(atPath: fixture.path("in"), withIntermediateDirectories: true)
        var expected: [String: String] = [:]
        for index in 0..<50 {
            let text = "input \(index)\n"
            try fixture.write("in/\(index).txt", text)
            expected[fixture.path("in/\(index).txt")] = TestDigest.blake3(text)
        }
        try fixture.write("skipped.txt", "left out by the filter\n")
        try fixture.write("changed.txt", "before\n")
        let changedIdentity = try Self.identity(fixture.path("changed.txt"))
        try fixture.write("changed.txt", "after, and longer\n")

        let hasher = ReadAheadHasher(store: fixture.store, keep: { !$0.hasSuffix("skipped.txt") })
        hasher.enqueue(fixture.path("skipped.txt"), identity: try Self.identity(fixture.path("skipped.txt")))
        hasher.enqueue(fixture.path("changed.txt"), identity: changedIdentity)
        hasher.enqueue(fixture.path("missing.txt"), identity: nil)
        // From several threads at once, as the tracer's callbacks never are but another caller may.
        DispatchQueue.concurrentPerform(iterations: 5) { part in
            for index in stride(from: part, to: 50, by: 5) {
                let path = fixture.path("in/\(index).txt")
                hasher.enqueue(path, identity: try? Self.identity(path))
            }
        }
        // Queued last and sorted last in its batch: once it is hashed, so is all the rest.
        try fixture.write("zz.txt", "last\n")
        hasher.enqueue(fixture.path("zz.txt"), identity: try Self.identity(fixture.path("zz.txt")))
        expected[fixture.path("zz.txt")] = TestDigest.blake3("last\n")
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline && hasher.hashedSoFar[fixture.path("zz.txt")] == nil { Thread.sleep(forTimeInterval: 0.02) }
        let results = hasher.finish()
        #expect(results.mapValues(\.digest) == expected)
        #expect(results[fixture.path("skipped.txt")] == nil)
        #expect(results[fixture.path("changed.txt")] == nil, "a file changed since the job read it is not hashed ahead")
        #expect(results[fixture.path("missing.txt")] == nil)
        // Enqueued after finishing: ignored, and a second finish does not hang.
        hasher.enqueue(fixture.path("in/1.txt"), identity: try Self.identity(fixture.path("in/1.txt")))
        #expect(hasher.finish().count == results.count)
    }

    @Test func finishingAnIdleHasherReturnsAtOnce() throws {
        let fixture = try ProjectFixture()
        #expect(ReadAheadHasher(store: fixture.store, keep: { _ in true }).finish().isEmpty)
    }

    @Test func theRecorderUsesADigestOnlyWhileTheStampHolds() throws {
        let fixture = try ProjectFixture()
        try fixture.write("data.txt", "now\n")
        let stamp = try #require(FileStamp(path: fixture.path("data.txt")))
        var hasher = FileHasher(store: fixture.store)
        hasher.readAhead = [fixture.path("data.txt"): .init(stamp: stamp, digest: String(repeating: "ab", count: 32))]
        #expect(try hasher.hash([fixture.path("data.txt")])[fixture.path("data.txt")]?.digest == String(repeating: "ab", count: 32))
        var stale = stamp
        stale.size += 1
        hasher.readAhead = [fixture.path("data.txt"): .init(stamp: stale, digest: String(repeating: "ab", count: 32))]
        #expect(try hasher.hash([fixture.path("data.txt")])[fixture.path("data.txt")]?.digest == TestDigest.blake3("now\n"))
    }
}
