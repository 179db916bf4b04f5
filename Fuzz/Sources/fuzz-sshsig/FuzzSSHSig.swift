import Foundation
import SSHSignatures

/// What glaas reads of a signed request and of SSH keys, on any bytes: the SSHSIG blob (and the
/// check of the signature against its own key), a public-key blob, an openssh-key-v1 private
/// key; as text, the `Authorization: Signature` parameters, a `.pub` line and an armored private
/// key. Each is parsed or refused, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSHSig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    readSignature(bytes)
    if let key = try? SSHPublicKey(blob: bytes) {
        _ = key.fingerprint
        guard let line = try? SSHPublicKey(openSSHLine: key.openSSHLine), line.blob == key.blob else {
            fatalError("a parsed key's .pub line does not parse back to the same key")
        }
    }
    _ = try? SSHPrivateKey(openSSHKeyV1: bytes)

    let text = String(decoding: bytes, as: UTF8.self)
    if let header = SignatureHeader(parameters: Substring(text)) {
        // As AuthMiddleware reads it before looking the key up.
        _ = Int64(header.timestamp)
        if let blob = Data(base64Encoded: header.signature) { readSignature(Array(blob)) }
    }
    _ = try? SSHPublicKey(openSSHLine: text)
    _ = try? SSHPrivateKey(pem: text)
    return 0
}

/// An SSHSIG blob as the server reads it, then verified against the key it carries (the server
/// first requires that key to be the registered one; here any key reaches the verification).
private func readSignature(_ blob: [UInt8]) {
    guard let signature = try? SSHSignature(blob: blob) else { return }
    let message = SSHSignature.message(timestamp: "1795789945", method: "POST", pathWithQuery: "/api/v1/lineage", body: blob)
    _ = try? signature.signedData(for: message)
    _ = try? signature.verify(message: message, expectedKey: signature.publicKey)
}
