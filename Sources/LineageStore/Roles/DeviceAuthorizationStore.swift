import Foundation

/// Device logins in progress: started by a client, decided by a user, redeemed once for tokens.
public protocol DeviceAuthorizationStore: Sendable {
    /// Stores a new authorization; `conflict` when its user code is in use (the caller draws another).
    func addDeviceAuthorization(_ authorization: DeviceAuthorization) async throws
    /// The authorization with this user code, whatever its state.
    func deviceAuthorization(userCode: String) async throws -> DeviceAuthorization?
    /// Approves or denies a pending, unexpired authorization as `userID`; returns it decided, or
    /// nil when no such authorization is pending (unknown, expired or already decided).
    func decideDeviceAuthorization(userCode: String, approve: Bool, userID: String) async throws -> DeviceAuthorization?
    /// Records a poll by the client holding the device code: the authorization as it was before
    /// this poll (its `lastPolledAt` says whether the client polls too fast), or nil when unknown.
    func pollDeviceAuthorization(deviceCodeHash: String) async throws -> DeviceAuthorization?
    /// Marks an approved authorization redeemed and stores the tokens issued for it, in one
    /// transaction; false (nothing stored) when it is not approved any more (redeemed by a
    /// concurrent poll).
    func redeemDeviceAuthorization(deviceCodeHash: String, tokens: [(AccessToken, secretHash: String)]) async throws -> Bool
}
