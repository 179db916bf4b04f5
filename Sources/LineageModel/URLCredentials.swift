/// Credentials inside URLs (`https://user:token@host/…`), which must never be published: roar
/// removes them from every URL it records, and the registry refuses a URL that carries a
/// password. A URL without `scheme://` (a path, an scp-like `git@host:repo`) has none.
public enum URLCredentials {
    /// The user information of `url` (between `scheme://` and the last `@` of the authority).
    static func userInfo(_ url: String) -> (range: Range<String.Index>, text: Substring)? {
        guard let separator = url.range(of: "://") else { return nil }
        let scheme = url[..<separator.lowerBound]
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }) else { return nil }
        let authorityStart = separator.upperBound
        let authorityEnd = url[authorityStart...].firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? url.endIndex
        guard let at = url[authorityStart..<authorityEnd].lastIndex(of: "@") else { return nil }
        return (authorityStart..<url.index(after: at), url[authorityStart..<at])
    }

    /// Whether `url` carries a password (`user:password@`).
    public static func hasPassword(_ url: String) -> Bool {
        userInfo(url)?.text.contains(":") ?? false
    }

    /// `url` without its credentials: no user information at all for web URLs (a token is often
    /// the user name), only the login name for ssh URLs (`ssh://git@host/…` needs it).
    public static func redacted(_ url: String) -> String {
        guard let (range, text) = userInfo(url) else { return url }
        let scheme = url[..<url.range(of: "://")!.lowerBound].lowercased()
        var kept = ""
        if scheme == "ssh" || scheme.hasSuffix("+ssh") || scheme.hasPrefix("ssh+") {
            let user = text.prefix(while: { $0 != ":" })
            if !user.isEmpty { kept = user + "@" }
        }
        return url.replacingCharacters(in: range, with: kept)
    }
}
