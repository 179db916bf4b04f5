import Foundation

/// A device login in progress (RFC 8628): a client asked for a code, a user who proves who they
/// are (an SSH signature, a signed-in browser) approves or denies it, and the client redeems it
/// once for tokens. Only the SHA-256 of the device code is stored.
public struct DeviceAuthorization: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case pending
        case approved
        case denied
        /// Approved and redeemed for tokens: it cannot be redeemed again.
        case redeemed
    }

    public var deviceCodeHash: String
    /// What the user types or reads: `XXXX-XXXX` from an alphabet without look-alikes.
    public var userCode: String
    public var clientID: String
    public var clientName: String
    public var createdAt: Date
    public var expiresAt: Date
    /// Seconds a client waits between polls; polling faster is answered `slow_down`.
    public var interval: Int
    public var lastPolledAt: Date?
    public var status: Status
    /// Who approved or denied it.
    public var userID: String?
    public var decidedAt: Date?

    public init(
        deviceCodeHash: String, userCode: String, clientID: String, clientName: String, createdAt: Date, expiresAt: Date, interval: Int,
        lastPolledAt: Date? = nil, status: Status = .pending, userID: String? = nil, decidedAt: Date? = nil
    ) {
        self.deviceCodeHash = deviceCodeHash
        self.userCode = userCode
        self.clientID = clientID
        self.clientName = clientName
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.interval = interval
        self.lastPolledAt = lastPolledAt
        self.status = status
        self.userID = userID
        self.decidedAt = decidedAt
    }

    public func isExpired(at date: Date) -> Bool { date >= expiresAt }
}
