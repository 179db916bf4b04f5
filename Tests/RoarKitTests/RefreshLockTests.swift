import Foundation
import TestSupport
import Testing

@testable import RoarKit

/// Two roars due to refresh one login: the token store's lock lets one exchange the refresh
/// token at a time, and a roar that waited finds the new pair on disk and uses it, never sending
/// the spent refresh token (the registry ends a login whose refresh token comes back).
@Suite(.timeLimit(.minutes(2)))
struct RefreshLockTests {
    @Test func theLockIsHeldByOneAtATime() async throws {
        let home = try TokenStoreTests.Home()
        let store = TokenStore(path: home.path + "/roar/registries.json")
        let order = Order()
        let first = Task {
            try await store.withLock {
                await order.append("first in")
                try await Task.sleep(for: .milliseconds(300))
                await order.append("first out")
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        try await store.withLock { await order.append("second") }
        try await first.value
        #expect(await order.items == ["first in", "first out", "second"])
        #expect(TokenStoreTests.mode(store.path + ".lock") == 0o600)
    }

    @Test func aRoarThatWaitedUsesThePairAnotherStoredWithoutExchangingItsOwn() async throws {
        let home = try TokenStoreTests.Home()
        // The registry's address is a port nothing listens on: a refresh sent there would fail.
        let port = try HeldPort.refusing()
        let registry = "http://127.0.0.1:\(port.port)"
        let environment = ["HOME": home.path, "XDG_CONFIG_HOME": "", "ROAR_SSH_KEY": "", "GLAAS_URL": ""]
        var configuration = RoarConfiguration.default
        configuration.glaasURL = registry
        // This roar read the login when its access token was due (two minutes left)...
        let due = RegistryLogin(accessToken: "glaas_at_old", refreshToken: "glaas_rt_old", expiresAt: Date().addingTimeInterval(120))
        try TokenStore(environment: environment).save(due, for: registry)
        let connection = try RegistryConnection(configuration: configuration, environment: environment, loadKey: false)
        // ...and another roar refreshed it meanwhile.
        let fresh = RegistryLogin(accessToken: "glaas_at_new", refreshToken: "glaas_rt_new", expiresAt: Date().addingTimeInterval(3600))
        try connection.tokens.save(fresh, for: registry)
        let choice = try await RegistryAuthenticator(connection: connection).resolve()
        #expect(choice == .bearer("glaas_at_new"))
    }

    actor Order {
        var items: [String] = []
        func append(_ item: String) { items.append(item) }
    }
}
