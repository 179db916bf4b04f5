import LineageStore

extension V1API {
    /// How the principal authenticated: `ssh`, `bearer`, `session` (a signed-in browser), or `none`.
    static func authMethod(_ principal: Principal) -> String {
        guard case .user(_, let credential) = principal else { return "none" }
        if credential.hasPrefix("token:") { return "bearer" }
        if credential.hasPrefix("session:") { return "session" }
        return "ssh"
    }
}
