import Foundation

/// When a registration session may be staged into, finalized, reused or purged: the rules both
/// stores apply to the session row they read (and lock, on PostgreSQL).
public enum RegistrationSessionRules {
    /// How long after its expiry an abandoned (never finalized) session is kept before a purge
    /// drops it with its staging: a day, so a client can still read why its session failed.
    public static let purgeDelay: TimeInterval = 86_400
    /// Sessions dropped per purge, which runs inside a session's creation and must stay short.
    public static let purgeBatch = 100

    /// The session to stage into: it must exist, be open, and not have expired at `now`.
    public static func requireOpen(_ session: RegistrationSession?, id: String, at now: Date) throws(LineageStoreError) -> RegistrationSession {
        guard let session else { throw .notFound("registration session \(id) not found") }
        guard session.status == .open else { throw .conflict("registration session \(id) is already finalized") }
        guard session.expiresAt > now else { throw .conflict("registration session \(id) has expired") }
        return session
    }

    /// What finalizing the session finds: the receipt of the finalize that closed it (answered
    /// again, nothing written), or nil when it is open and may be finalized now. Throws when the
    /// session does not exist or expired before it was finalized.
    public static func receiptIfClosed(_ session: RegistrationSession?, id: String, at now: Date) throws(LineageStoreError) -> FinalizeReceipt? {
        guard let session else { throw .notFound("registration session \(id) not found") }
        if session.status == .closed, let receipt = session.receipt { return receipt }
        guard session.expiresAt > now else { throw .conflict("registration session \(id) has expired") }
        return nil
    }

    /// The answer to creating `requested` when a session with its `client_session_id` exists: the
    /// same publisher gets that session back (a retried create); anyone else may not take it.
    public static func reuse(_ existing: RegistrationSession, for requested: RegistrationSession) throws(LineageStoreError) -> RegistrationSession {
        guard existing.creatorIdentity == requested.creatorIdentity else {
            throw .conflict("client_session_id is already used by another publisher")
        }
        return existing
    }

    /// Open sessions that expired before this instant are purged.
    public static func purgeCutoff(at now: Date) -> Date {
        now.addingTimeInterval(-purgeDelay)
    }

    /// The error when closing a session finds it no longer open: another finalize won the race.
    public static func closedConcurrently(_ id: String) -> LineageStoreError {
        .conflict("registration session \(id) was finalized concurrently")
    }

    /// The error when links or view edges name a job the session has not staged.
    public static func jobNotStaged(_ jobUID: String, session id: String) -> LineageStoreError {
        .notFound("job \(jobUID) is not staged in registration session \(id)")
    }
}
