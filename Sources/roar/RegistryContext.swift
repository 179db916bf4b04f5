import Foundation
import GLaaSClient
import LineageModel
import RoarKit

/// The registry the login and scope commands talk to: the project's `glaas.url`, or outside a
/// project `GLAAS_URL` (as roar-cli reads it).
enum RegistryContext {
    /// `configuration`, with `GLAAS_URL` when it names no registry.
    static func withEnvironmentURL(_ configuration: RoarConfiguration) -> RoarConfiguration {
        var configuration = configuration
        if configuration.glaasURL == nil, let url = ProcessInfo.processInfo.environment["GLAAS_URL"], !url.isEmpty {
            configuration.glaasURL = url
        }
        return configuration
    }

    /// The enclosing project (nil outside one) and its configuration.
    static func open() throws -> (RoarProject?, RoarConfiguration) {
        guard let project = RoarProject.find() else { return (nil, withEnvironmentURL(.default)) }
        return (project, withEnvironmentURL(try RoarConfiguration.load(project)))
    }

    /// The project (if any), its configuration and a connection to its registry.
    static func connection(loadKey: Bool = true, loadLogin: Bool = true) throws -> (RoarProject?, RoarConfiguration, RegistryConnection) {
        let (project, configuration) = try open()
        return (project, configuration, try RegistryConnection(configuration: configuration, loadKey: loadKey, loadLogin: loadLogin))
    }

    /// A login as `--json` prints it.
    static func json(_ login: RegistryLogin) -> JSONValue {
        [
            "user": login.user.map { user -> JSONValue in
                ["id": .string(user.id), "username": .string(user.username), "email": user.email.map(JSONValue.string) ?? .null]
            } ?? .null,
            "expires_at": login.expiresAt.map { .string($0.formatted(.iso8601)) } ?? .null,
            "refresh_expires_at": login.refreshExpiresAt.map { .string($0.formatted(.iso8601)) } ?? .null,
            "refreshable": .bool(login.refreshToken != nil),
        ]
    }

    /// "alice <alice@example.com>, expires 2026-11-27 15:32:32 UTC (in 59 min)".
    static func summary(_ login: RegistryLogin) -> String {
        login.who + (login.expiresAt.map { ", expires \(expiry($0))" } ?? "")
    }

    /// "2026-11-27 15:32:32 UTC (in 59 min)", or "expired at …".
    static func expiry(_ date: Date?, now: Date = Date()) -> String {
        guard let date else { return "not given" }
        let seconds = date.timeIntervalSince(now)
        guard seconds > 0 else { return "expired at \(Output.time(date))" }
        let left = seconds < 3600 ? "\(Int(seconds / 60)) min" : seconds < 172_800 ? "\(Int(seconds / 3600)) h" : "\(Int(seconds / 86400)) days"
        return "\(Output.time(date)) (in \(left))"
    }
}
