import Foundation
import LineageStore
import PostgresLineageStore
import TestSupport
import Testing

/// TLS to PostgreSQL with libpq's `sslmode` meanings, against the test cluster, whose
/// certificate a throwaway authority (`GLAAS_TEST_POSTGRES_CA`) signed for the name
/// `localhost` only: so `127.0.0.1` tells `verify-full` (checks the name) from `verify-ca`
/// (checks the chain). Next to it, an authority that signed nothing (`untrusted-ca.crt`).
@Suite(
    .enabled(
        if: StoreKind.postgresCertificateAuthority != nil,
        "needs GLAAS_TEST_POSTGRES_URL and GLAAS_TEST_POSTGRES_CA (scripts/test.sh starts a cluster with TLS)"),
    .timeLimit(.minutes(2)))
struct PostgresTLSTests {
    static var authority: String? { StoreKind.postgresCertificateAuthority }

    static var untrustedAuthority: String {
        ((authority ?? "") as NSString).deletingLastPathComponent + "/untrusted-ca.crt"
    }

    /// A store on a fresh schema, reached through `host` with `parameters` added to the URL.
    static func open(host: String, _ parameters: [String: String]) async throws -> PostgresStore {
        var components = try #require(URLComponents(string: try await StoreKind.makeScratchPostgresURL()))
        components.host = host
        components.queryItems =
            (components.queryItems ?? []) + parameters.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        components.queryItems?.append(URLQueryItem(name: "max_connections", value: "2"))
        return try await PostgresStore(url: try #require(components.string))
    }

    /// Expects opening to fail with `unavailable` naming the connection failure.
    static func expectRefused(host: String, _ parameters: [String: String], saying text: String) async {
        let error = await #expect(throws: LineageStoreError.self) { try await open(host: host, parameters).shutdown() }
        guard case .unavailable(let message)? = error else {
            Issue.record("expected unavailable, got \(String(describing: error))")
            return
        }
        #expect(message.hasPrefix("cannot connect to PostgreSQL: ") && message.contains(text), "\(message)")
    }

    @Test func verifyFullConnectsOverTLSToTheHostItsCertificateNames() async throws {
        let store = try await Self.open(host: "localhost", ["sslmode": "verify-full", "sslrootcert": try #require(Self.authority)])
        defer { store.shutdown() }
        let facts = try await store.sessionFacts()
        #expect(facts.tlsVersion?.hasPrefix("TLSv1.") == true, "\(facts)")
        #expect(try await store.appliedMigrations().count == RegistryMigration.allCases.count)
    }

    @Test func verifyFullRefusesACertificateThatDoesNotNameTheHost() async throws {
        await Self.expectRefused(
            host: "127.0.0.1", ["sslmode": "verify-full", "sslrootcert": try #require(Self.authority)], saying: "does not name the host")
    }

    @Test func verifyCAChecksTheChainButNotTheName() async throws {
        let store = try await Self.open(host: "127.0.0.1", ["sslmode": "verify-ca", "sslrootcert": try #require(Self.authority)])
        defer { store.shutdown() }
        #expect(try await store.sessionFacts().tlsVersion != nil)
        for mode in ["verify-ca", "verify-full"] {
            await Self.expectRefused(
                host: "localhost", ["sslmode": mode, "sslrootcert": Self.untrustedAuthority], saying: "CERTIFICATE_VERIFY_FAILED")
        }
    }

    /// libpq's `require`: encrypted, unverified without a root certificate, verified with one.
    @Test func requireEncryptsAndChecksTheChainOnlyWhenGivenARootCertificate() async throws {
        for mode in ["require", "prefer"] {
            let store = try await Self.open(host: "127.0.0.1", ["sslmode": mode])
            #expect(try await store.sessionFacts().tlsVersion != nil, "\(mode)")
            store.shutdown()
        }
        await Self.expectRefused(
            host: "127.0.0.1", ["sslmode": "require", "sslrootcert": Self.untrustedAuthority], saying: "CERTIFICATE_VERIFY_FAILED")
    }

    @Test func disableAndNoModeConnectInPlainText() async throws {
        for parameters in [["sslmode": "disable"], [:]] {
            let store = try await Self.open(host: "127.0.0.1", parameters)
            #expect(try await store.sessionFacts().tlsVersion == nil, "\(parameters)")
            store.shutdown()
        }
    }

    @Test func badTLSParametersAreRefusedBeforeConnecting() async throws {
        let notPEM = FileManager.default.temporaryDirectory.appendingPathComponent("glaas-not-a-certificate-\(UUID().uuidString)")
        try Data("not a certificate\n".utf8).write(to: notPEM)
        defer { try? FileManager.default.removeItem(at: notPEM) }
        let cases: [([String: String], String)] = [
            (["sslmode": "allow"], "sslmode must be one of disable, prefer, require, verify-ca, verify-full"),
            (["sslmode": "verify-full", "sslrootcert": "/nonexistent/ca.crt"], "is not a readable file"),
            (["sslmode": "verify-full", "sslrootcert": notPEM.path], "is not a PEM certificate file"),
            (["sslmode": "verify-full", "sslrootcert": ""], "sslrootcert needs a file"),
        ]
        for (parameters, text) in cases {
            let error = await #expect(throws: LineageStoreError.self) { try await Self.open(host: "localhost", parameters).shutdown() }
            guard case .invalid(let message)? = error else {
                Issue.record("\(parameters): expected invalid, got \(String(describing: error))")
                continue
            }
            #expect(message.contains(text), "\(parameters): \(message)")
        }
    }
}
