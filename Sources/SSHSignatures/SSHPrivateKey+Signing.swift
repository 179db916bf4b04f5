import Crypto
import Foundation
import _CryptoExtras

extension SSHPrivateKey {
    /// An SSHSIG blob over `message` (PROTOCOL.sshsig: namespace `glaas`, hash `sha512`), as
    /// `ssh-keygen -Y sign -n glaas` makes it; Ed25519 signs with `ssh-ed25519`, RSA with
    /// `rsa-sha2-512`.
    public func sshsig(_ message: [UInt8], namespace: String = SSHSignature.namespace) throws -> [UInt8] {
        var signed = SSHWireWriter()
        signed.writeRaw("SSHSIG".utf8)
        signed.writeString(namespace)
        signed.writeString([UInt8]())
        signed.writeString("sha512")
        signed.writeString(Array(SHA512.hash(data: message)))
        var inner = SSHWireWriter()
        switch material {
        case .ed25519(let seed):
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            inner.writeString("ssh-ed25519")
            inner.writeString(Array(try key.signature(for: signed.bytes)))
        case .rsa(let n, let e, let d, let p, let q):
            let key = try _RSA.Signing.PrivateKey(n: n, e: e, d: d, p: p, q: q)
            let signature = try key.signature(for: SHA512.hash(data: signed.bytes), padding: .insecurePKCS1v1_5)
            inner.writeString("rsa-sha2-512")
            inner.writeString(Array(signature.rawRepresentation))
        }
        var outer = SSHWireWriter()
        outer.writeRaw("SSHSIG".utf8)
        outer.writeRaw([0, 0, 0, 1])
        outer.writeString(publicKey.blob)
        outer.writeString(namespace)
        outer.writeString([UInt8]())
        outer.writeString("sha512")
        outer.writeString(inner.bytes)
        return outer.bytes
    }

    /// The `Authorization` header value for one GLaaS request: `Signature keyid="…" ts="…"
    /// sig="…"` over `{ts}\n{METHOD}\n{path?query}` (+ `\n{sha256(body)}` when a body is sent).
    public func authorization(method: String, pathWithQuery: String, body: [UInt8], timestamp: Int = Int(Date().timeIntervalSince1970)) throws
        -> String
    {
        let message = SSHSignature.message(timestamp: String(timestamp), method: method, pathWithQuery: pathWithQuery, body: body)
        let signature = Data(try sshsig(message)).base64EncodedString()
        return "Signature keyid=\"\(publicKey.fingerprint)\" ts=\"\(timestamp)\" sig=\"\(signature)\""
    }
}
