import Foundation
import TestSupport
import Testing

@testable import RoarKit

/// The hash cache, keyed by (path, device, inode, size, mtime), never answers for changed content.
struct HashCacheTests {
    /// Sets a file's mtime into the past, so that it is old enough to be cached.
    func age(_ path: String, seconds: Double = 60) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -seconds)], ofItemAtPath: path)
    }

    @Test func anUnchangedFileIsAnsweredFromTheCache() throws {
        let fixture = try ProjectFixture()
        try fixture.write("a.txt", "one\n")
        try age(fixture.path("a.txt"))
        let hasher = FileHasher(store: fixture.store)
        #expect(try hasher.hash([fixture.path("a.txt")])[fixture.path("a.txt")]?.digest == TestDigest.blake3("one\n"))
        let stamp = try #require(FileStamp(path: fixture.path("a.txt")))
        #expect(try fixture.store.cachedDigests([fixture.path("a.txt"): stamp])[fixture.path("a.txt")] == TestDigest.blake3("one\n"))
    }

    @Test func aRewrittenFileIsHashedAgain() throws {
        let fixture = try ProjectFixture()
        let path = fixture.path("a.txt")
        try fixture.write("a.txt", "one\n")
        try age(path, seconds: 120)
        let hasher = FileHasher(store: fixture.store)
        _ = try hasher.hash([path])
        try fixture.write("a.txt", "two\n") // same size, new mtime
        try age(path, seconds: 60)
        #expect(try hasher.hash([path])[path]?.digest == TestDigest.blake3("two\n"))
    }

    @Test func aFreshlyWrittenFileIsNotCached() throws {
        let fixture = try ProjectFixture()
        try fixture.write("new.txt", "fresh\n")
        #expect(try FileHasher(store: fixture.store).hash([fixture.path("new.txt")])[fixture.path("new.txt")]?.digest == TestDigest.blake3("fresh\n"))
        let stamp = try #require(FileStamp(path: fixture.path("new.txt")))
        #expect(try fixture.store.cachedDigests([fixture.path("new.txt"): stamp]).isEmpty)
    }

    @Test func missingFilesAndDirectoriesAreLeftOut() throws {
        let fixture = try ProjectFixture()
        let result = try FileHasher(store: fixture.store).hash([fixture.path("nothing"), fixture.root])
        #expect(result.isEmpty)
    }
}
