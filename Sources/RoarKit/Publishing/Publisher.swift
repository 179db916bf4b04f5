import Foundation
import GLaaSClient
import LineageModel

/// `roar register`: publishes a selection of local jobs to the registry over the v1 protocol,
/// in roar-cli's call sequence (§5): health → [probe → auth/me] → registration session →
/// jobs/batch → artifacts/batch → links → finalize, then remembers the lineage locally.
/// Nothing is visible on the registry before finalize, so an interrupted run leaves nothing.
public struct Publisher: Sendable {
    public enum Visibility: String, Sendable { case `public`, `private` }

    /// How to publish: visibility, and whether to stay anonymous even with a key.
    public struct Options: Sendable {
        public var visibility: Visibility
        public var anonymous: Bool
        public init(visibility: Visibility = .public, anonymous: Bool = false) {
            self.visibility = visibility
            self.anonymous = anonymous
        }
    }

    /// Who publishes: anonymous (session token) or the key's registry identity.
    public enum Mode: Sendable, Equatable {
        case anonymous
        case signed(RegistryIdentity)

        public var creatorIdentity: String {
            if case .signed(let identity) = self { return identity.creatorIdentity }
            return "anonymous"
        }
    }

    /// What happened.
    public struct Outcome: Sendable {
        public var plan: RegistrationPlan
        public var lineageHash: String
        public var webURL: String
        public var alreadyRegistered: Bool
        public var mode: Mode
        public var visibility: String
        /// Set when the registry's hash differs from the one computed here.
        public var hashMismatch: Bool
    }

    let connection: RegistryConnection
    let store: LocalStore
    let progress: @Sendable (String) -> Void

    public init(connection: RegistryConnection, store: LocalStore, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.connection = connection
        self.store = store
        self.progress = progress
    }

    var client: RegistryClient { connection.client }

    /// Checks the registry and decides anonymous or signed, as roar-cli does: a key the
    /// probe rejects (401) publishes anonymously, unless private was asked for.
    public func mode(_ options: Options) async throws -> Mode {
        if options.anonymous && options.visibility == .private {
            throw RoarError.usage("--anonymous publications are public; drop --private or --anonymous")
        }
        let health = try await client.health()
        guard RegistryClient.supportsRegistrationSessions(health) else {
            throw RoarError.failed("registry \(client.endpoint.baseURL) does not offer registration sessions (an older GLaaS); cannot register")
        }
        guard !options.anonymous else { return .anonymous }
        guard let key = connection.key else {
            if options.visibility == .private {
                throw RoarError.usage(
                    "--private needs an SSH key the registry accepts (none found: set ROAR_SSH_KEY or glaas.key, see `roar auth key`)")
            }
            return .anonymous
        }
        switch try await client.probe() {
        case .accepted, .inconclusive:
            return .signed(try await client.me())
        case .rejected(let message):
            if options.visibility == .private {
                throw RoarError.failed(
                    "the registry does not accept the SSH key \(key.key.publicKey.fingerprint) (\(message)); ask an operator to add it (`glaas users add`)"
                )
            }
            progress("note: the registry does not know the SSH key \(key.key.publicKey.fingerprint); publishing anonymously")
            return .anonymous
        }
    }

    /// Publishes `selection`; `sources` names where artifacts' bytes live (`roar put`).
    /// `decidedMode` skips the health check and probe when the caller already ran `mode(_:)`.
    public func register(
        _ selection: RegistrationSelection, options: Options, decidedMode: Mode? = nil, sources: [String: RegistrationPlan.Source] = [:]
    ) async throws -> Outcome {
        let mode: Mode
        if let decidedMode { mode = decidedMode } else { mode = try await self.mode(options) }
        let plan = RegistrationPlan(selection: selection, creatorIdentity: mode.creatorIdentity, sources: sources)
        let anonymous = mode == .anonymous
        let session = try await client.createRegistrationSession(anonymous: anonymous)
        let verbose = plan.jobs.count >= 20
        if verbose { progress("staging \(plan.jobs.count) jobs") }
        let staged = try await client.stageJobs(plan.jobPayloads, in: session)
        let receipt: FinalizeReceipt
        var already = false
        // The same scope on a re-register: finalizing a bound session without one would publish it.
        let scope: PublicationScope = options.visibility == .private ? .currentUser(visibility: "private") : .unspecified
        if staged.created == 0 && staged.existingBindingPrepared {
            receipt = try await client.finalize(session, git: plan.git, expected: nil, scope: scope)
            already = true
        } else {
            if staged.created > 0 && !staged.alreadyRegistered.isEmpty {
                throw RoarError.failed(
                    "this lineage overlaps work already on the registry (\(staged.alreadyRegistered.map { String($0.prefix(12)) }.joined(separator: ", ")))"
                )
            }
            if verbose { progress("staging \(plan.artifacts.count) artifacts") }
            try await client.stageArtifacts(plan.artifactPayloads, in: session)
            for (index, job) in plan.jobs.enumerated() {
                let links = plan.links(job)
                let uid = plan.remoteUIDs[job.uid]!
                if !links.inputs.isEmpty { try await client.stageLinks(links.inputs, outputs: false, jobUID: uid, in: session) }
                if !links.outputs.isEmpty { try await client.stageLinks(links.outputs, outputs: true, jobUID: uid, in: session) }
                if verbose && ((index + 1) % 10 == 0 || index + 1 == plan.jobs.count) {
                    progress("linked \(index + 1)/\(plan.jobs.count) jobs")
                }
            }
            receipt = try await client.finalize(session, git: plan.git, expected: anonymous ? plan.expectedCounts : nil, scope: scope)
        }
        let visibility = receipt.visibility ?? options.visibility.rawValue
        let webURL = client.endpoint.webURL(lineage: receipt.lineageHash)
        let known = try store.registrations(registryURL: client.endpoint.baseURL, lineageHash: receipt.lineageHash)
        if !already || known.isEmpty {
            try store.recordRegistration(
                LocalRegistration(
                    lineageHash: receipt.lineageHash, registryURL: client.endpoint.baseURL, webURL: webURL, visibility: visibility,
                    creatorIdentity: mode.creatorIdentity, target: plan.target, jobCount: plan.jobs.count, artifactCount: plan.artifacts.count,
                    registeredAt: Date(), remoteJobUIDs: plan.remoteUIDs))
        }
        return Outcome(
            plan: plan, lineageHash: receipt.lineageHash, webURL: webURL, alreadyRegistered: already, mode: mode, visibility: visibility,
            hashMismatch: receipt.lineageHash != plan.lineageHash)
    }
}
