import Foundation
import GLaaSClient
import LineageModel

/// `roar register`: publishes a selection of local jobs to the registry over the v1 protocol,
/// in roar-cli's call sequence (§5): health → [refresh | probe → auth/me] → registration session →
/// jobs/batch → artifacts/batch → links → finalize, then remembers the lineage locally.
/// Nothing is visible on the registry before finalize, so an interrupted run leaves nothing.
public struct Publisher: Sendable {
    public enum Visibility: String, Sendable { case `public`, `private` }

    /// How to publish: visibility, whether to stay anonymous even with a credential, and the
    /// project's scope (`roar scope use`) when the command line did not override it.
    public struct Options: Sendable {
        public var visibility: Visibility
        public var anonymous: Bool
        /// The scope publishing follows; nil: `visibility` to the user's account, or anonymous.
        public var scope: PublishScope?

        public init(visibility: Visibility = .public, anonymous: Bool = false) {
            self.visibility = visibility
            self.anonymous = anonymous
        }

        /// Publishing in `scope`.
        public init(scope: PublishScope) {
            self.init(visibility: scope.visibility == "private" ? .private : .public, anonymous: scope == .anonymous)
            self.scope = scope
        }

        /// Whether these options cannot be met anonymously.
        var needsCredential: Bool { visibility == .private || (scope?.needsCredential ?? false) }

        /// The finalize `scope_request`.
        var publication: PublicationScope {
            scope?.publication ?? (visibility == .private ? .currentUser(visibility: "private") : .unspecified)
        }

        /// What to call this in messages.
        var describe: String { scope.map { "scope \($0.name)" } ?? "--private" }
    }

    /// Who publishes: anonymous (session token), the key's registry identity, or the logged-in
    /// user (Bearer).
    public enum Mode: Sendable, Equatable {
        case anonymous
        case signed(RegistryIdentity)
        case bearer(RegistryIdentity, token: String)

        public var creatorIdentity: String {
            switch self {
            case .anonymous: "anonymous"
            case .signed(let identity), .bearer(let identity, _): identity.creatorIdentity
            }
        }

        /// How it authenticates: `login`, `ssh` or `anonymous`.
        public var authentication: String {
            switch self {
            case .anonymous: "anonymous"
            case .signed: "ssh"
            case .bearer: "login"
            }
        }

        /// The credential of the registration session.
        var credential: RegistryClient.Credential {
            switch self {
            case .anonymous: .anonymous
            case .signed: .signed
            case .bearer(_, let token): .bearer(token)
            }
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
        /// The scope it was published in, when one was followed.
        public var scope: PublishScope?
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

    /// Checks the registry and decides who publishes: the login (Bearer, refreshed when due)
    /// beats the SSH key; a key the probe rejects (401) publishes anonymously, as roar-cli does,
    /// unless the options need a credential (private, a scope other than anonymous).
    public func mode(_ options: Options) async throws -> Mode {
        if options.anonymous && options.visibility == .private {
            throw RoarError.usage("--anonymous publications are public; drop --private or --anonymous")
        }
        if case .project(let project)? = options.scope, TokenStore.key(project.registry) != client.endpoint.baseURL {
            throw RoarError.failed(
                "scope \(project.name) was resolved on \(project.registry), not \(client.endpoint.baseURL); run `roar scope use \(project.name)` again"
            )
        }
        let health = try await client.health()
        guard RegistryClient.supportsRegistrationSessions(health) else {
            throw RoarError.failed("registry \(client.endpoint.baseURL) does not offer registration sessions (an older GLaaS); cannot register")
        }
        guard !options.anonymous else { return .anonymous }
        switch try await RegistryAuthenticator(connection: connection, note: progress).resolve() {
        case .bearer(let token):
            do {
                return .bearer(try await client.me(credential: .bearer(token)), token: token)
            } catch let error as RegistryClientError where error.status == 401 {
                guard connection.key != nil else {
                    throw RoarError.failed(
                        "the registry no longer accepts the login to \(client.endpoint.baseURL) (\(error)); run `roar login` again")
                }
                progress("note: the registry no longer accepts the login to \(client.endpoint.baseURL); using the SSH key")
                return try await keyMode(options)
            }
        case .key:
            return try await keyMode(options)
        case .none(let loginExpired):
            // A user who logged in means to publish as themselves: an expired login is not
            // quietly replaced by an anonymous publication.
            if loginExpired {
                throw RoarError.failed(
                    "the login to \(client.endpoint.baseURL) has expired and no SSH key was found; run `roar login` again (or register --anonymous)")
            }
            if options.needsCredential {
                throw RoarError.usage(
                    "\(options.describe) needs `roar login` or an SSH key the registry accepts (no login and no SSH key found; see `roar auth key`)")
            }
            return .anonymous
        }
    }

    /// With the SSH key: signed when the probe accepts it (or cannot tell), else anonymous.
    func keyMode(_ options: Options) async throws -> Mode {
        guard let key = connection.key else { return .anonymous }
        switch try await client.probe() {
        case .accepted, .inconclusive:
            return .signed(try await client.me())
        case .rejected(let message):
            if options.needsCredential {
                throw RoarError.failed(
                    "the registry does not accept the SSH key \(key.key.publicKey.fingerprint) (\(message)); ask an operator to add it (`glaas users add`) or run `roar login`"
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
        let session = try await client.createRegistrationSession(credential: mode.credential)
        let verbose = plan.jobs.count >= 20
        if verbose { progress("staging \(plan.jobs.count) jobs") }
        let staged = try await client.stageJobs(plan.jobPayloads, in: session)
        let receipt: FinalizeReceipt
        var already = false
        // The same scope on a re-register: finalizing a bound session without one would publish it.
        let scope = anonymous ? .unspecified : options.publication
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
        do {
            try await client.syncLabels(plan.stepNameLabels(lineageHash: receipt.lineageHash), in: session)
        } catch {
            progress("note: the step names (roar run -n) were not sent: \(error)")
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
            hashMismatch: receipt.lineageHash != plan.lineageHash, scope: anonymous ? nil : options.scope)
    }
}
