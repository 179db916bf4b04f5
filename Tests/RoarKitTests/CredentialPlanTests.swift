import Foundation
import Testing

@testable import RoarKit

/// Which credential roar uses: a login's token while it has five minutes left, a refresh when it
/// has less and can be refreshed, else the SSH key, else nothing.
@Suite(.timeLimit(.minutes(1)))
struct CredentialPlanTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func login(expiresIn seconds: TimeInterval?, refresh: String? = "rt", refreshExpiresIn: TimeInterval? = 86400) -> RegistryLogin {
        RegistryLogin(
            accessToken: "at", refreshToken: refresh, expiresAt: seconds.map { now.addingTimeInterval($0) },
            refreshExpiresAt: refreshExpiresIn.map { now.addingTimeInterval($0) })
    }

    @Test func noLoginUsesTheKeyElseNothing() {
        #expect(CredentialPlan.choose(login: nil, hasKey: true, now: Self.now) == .key(expiredLogin: false))
        #expect(CredentialPlan.choose(login: nil, hasKey: false, now: Self.now) == .anonymous(expiredLogin: false))
    }

    @Test func aFreshTokenBeatsTheKey() {
        #expect(CredentialPlan.choose(login: Self.login(expiresIn: 3600), hasKey: true, now: Self.now) == .bearer("at"))
        #expect(CredentialPlan.choose(login: Self.login(expiresIn: nil), hasKey: true, now: Self.now) == .bearer("at"))
        #expect(CredentialPlan.choose(login: Self.login(expiresIn: 301), hasKey: false, now: Self.now) == .bearer("at"))
    }

    @Test func aTokenDueWithinFiveMinutesIsRefreshedKeepingItWhileItWorks() {
        #expect(
            CredentialPlan.choose(login: Self.login(expiresIn: 299), hasKey: true, now: Self.now)
                == .refresh(refreshToken: "rt", current: "at"))
        #expect(
            CredentialPlan.choose(login: Self.login(expiresIn: -10), hasKey: true, now: Self.now) == .refresh(refreshToken: "rt", current: nil))
        #expect(
            CredentialPlan.choose(login: Self.login(expiresIn: -10, refreshExpiresIn: nil), hasKey: false, now: Self.now)
                == .refresh(refreshToken: "rt", current: nil))
    }

    @Test func aLoginThatCannotBeRefreshedFallsBackToTheKeyElseNothing() {
        #expect(CredentialPlan.choose(login: Self.login(expiresIn: 100, refresh: nil), hasKey: true, now: Self.now) == .bearer("at"))
        #expect(CredentialPlan.choose(login: Self.login(expiresIn: -1, refresh: nil), hasKey: true, now: Self.now) == .key(expiredLogin: true))
        #expect(
            CredentialPlan.choose(login: Self.login(expiresIn: -1, refreshExpiresIn: -5), hasKey: false, now: Self.now)
                == .anonymous(expiredLogin: true))
        #expect(
            CredentialPlan.choose(login: Self.login(expiresIn: -1, refresh: ""), hasKey: false, now: Self.now) == .anonymous(expiredLogin: true))
    }
}
