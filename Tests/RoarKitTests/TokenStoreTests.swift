import Foundation
import Glibc
import TestSupport
import Testing

@testable import RoarKit

/// `registries.json`: where it lives (XDG_CONFIG_HOME, else HOME), one login per registry, a
/// private file in a private directory replaced by rename, and a corrupt file refused clearly.
@Suite(.timeLimit(.minutes(2)))
struct TokenStoreTests {
    /// A scratch HOME, removed at the end.
    final class Home: Sendable {
        let path = NSTemporaryDirectory() + "roar-token-store-\(UUID().uuidString)"
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static let alice = RegistryLogin(
        accessToken: "glaas_at_alice", refreshToken: "glaas_rt_alice", expiresAt: Date(timeIntervalSince1970: 1_800_000_000),
        refreshExpiresAt: Date(timeIntervalSince1970: 1_802_592_000), user: .init(id: "u-1", username: "alice", email: "alice@example.com"))

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }

    static func inode(_ path: String) -> ino_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_ino : 0
    }

    @Test func pathFollowsXDGConfigHomeElseHome() {
        #expect(TokenStore(environment: ["HOME": "/home/a"]).path == "/home/a/.config/roar/registries.json")
        #expect(TokenStore(environment: ["HOME": "/home/a", "XDG_CONFIG_HOME": "/cfg"]).path == "/cfg/roar/registries.json")
        #expect(TokenStore(environment: ["HOME": "/home/a", "XDG_CONFIG_HOME": ""]).path == "/home/a/.config/roar/registries.json")
        #expect(TokenStore(environment: ["HOME": "/home/a", "XDG_CONFIG_HOME": "relative"]).path == "/home/a/.config/roar/registries.json")
    }

    @Test func loginsAreKeptPerRegistryInAPrivateFile() throws {
        let home = try Home()
        let store = TokenStore(environment: ["HOME": home.path])
        #expect(try store.load().isEmpty)
        #expect(try store.login(for: "http://a.example:8000") == nil)

        try store.save(Self.alice, for: "http://a.example:8000/")
        var bob = Self.alice
        bob.accessToken = "glaas_at_bob"
        bob.refreshToken = nil
        bob.user = .init(id: "u-2", username: "bob")
        try store.save(bob, for: "https://b.example")

        #expect(Self.mode(store.path) == 0o600)
        #expect(Self.mode(home.path + "/.config/roar") == 0o700)
        #expect(try store.login(for: "http://a.example:8000") == Self.alice)
        #expect(try store.login(for: "https://b.example/") == bob)
        #expect(try Set(store.load().keys) == ["http://a.example:8000", "https://b.example"])
        let text = try String(contentsOfFile: store.path, encoding: .utf8)
        #expect(text.contains("\"access_token\" : \"glaas_at_alice\"") && text.contains("\"expires_at\" : \"2027-01-15T08:00:00Z\""))

        #expect(try store.remove(registry: "http://a.example:8000"))
        #expect(try !store.remove(registry: "http://a.example:8000"))
        #expect(try store.load() == ["https://b.example": bob])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: home.path + "/.config/roar")
        #expect(leftovers == ["registries.json"])
    }

    @Test func aSaveReplacesTheFileByRenameAndTightensTheDirectory() throws {
        let home = try Home()
        let directory = home.path + "/config/roar"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let store = TokenStore(environment: ["HOME": home.path + "/elsewhere", "XDG_CONFIG_HOME": home.path + "/config"])
        try store.save(Self.alice, for: "http://a.example")
        #expect(Self.mode(directory) == 0o700)
        // A reader holding the old file keeps reading the old file: the new one is another inode.
        let old = try #require(FileHandle(forReadingAtPath: store.path))
        defer { try? old.close() }
        let before = Self.inode(store.path)
        var changed = Self.alice
        changed.accessToken = "glaas_at_rotated"
        try store.save(changed, for: "http://a.example")
        #expect(Self.inode(store.path) != before)
        let oldText = String(decoding: old.readDataToEndOfFile(), as: UTF8.self)
        #expect(oldText.contains("glaas_at_alice") && !oldText.contains("glaas_at_rotated"))
        #expect(try store.login(for: "http://a.example")?.accessToken == "glaas_at_rotated")
        #expect(Self.mode(store.path) == 0o600)
    }

    @Test func aCorruptFileIsAClearErrorAndIsNotOverwritten() async throws {
        let home = try Home()
        let store = TokenStore(environment: ["HOME": home.path])
        try FileManager.default.createDirectory(atPath: home.path + "/.config/roar", withIntermediateDirectories: true)
        try Data("{\"http://a.example\": {\"access_tok".utf8).write(to: URL(fileURLWithPath: store.path))
        await expectRoarError(.failed, containing: "\(store.path) is not a valid login file") { try store.load() }
        await expectRoarError(.failed, containing: "remove it and run `roar login` again") { try store.save(Self.alice, for: "http://b.example") }
        #expect(try String(contentsOfFile: store.path, encoding: .utf8) == "{\"http://a.example\": {\"access_tok")

        try Data("{\"http://a.example\": {\"refresh_token\": \"x\"}}".utf8).write(to: URL(fileURLWithPath: store.path))
        await expectRoarError(.failed, containing: "no access_token") { try store.login(for: "http://a.example") }
    }
}
