import GLaaSHTTP
import Hummingbird
import LineageModel
import LineageStore

extension V1API {
    /// `GET /auth/access-context`: who the credential is and where it may publish, as roar-cli
    /// reads it at `roar login` (to check a token) and for `roar projects` and `roar scope`.
    /// The owners a user may publish for are the user alone until organizations exist.
    func accessContext(_ context: Context) throws -> Response {
        guard let user = context.principal.user else {
            throw GLaaSError.unauthorized("Sign in (a Bearer token or a registered SSH key's signature) to read your access context")
        }
        let id = JSONValue.string(user.id)
        return JSONResponse.envelope([
            "user": ["id": id, "sub": .string(user.creatorIdentity), "email": V1Responses.optional(user.email), "username": .string(user.name)],
            "owners": [["id": id, "type": "user", "username": .string(user.name), "display_name": .string(user.name)]],
            "projects_by_owner": .object([user.id: []]),
            "auth_method": .string(Self.authMethod(context.principal)),
        ])
    }

    /// How the principal authenticated: `ssh`, `bearer`, or `none`.
    static func authMethod(_ principal: Principal) -> String {
        guard case .user(_, let credential) = principal else { return "none" }
        return credential.hasPrefix("token:") ? "bearer" : "ssh"
    }
}
