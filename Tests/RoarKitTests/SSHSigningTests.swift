import Foundation
import LineageModel
import SSHSignatures
import TestSupport
import Testing

@testable import GLaaSClient

/// Our SSHSIG signatures, checked by OpenSSH itself (`ssh-keygen -Y check-novalidate`) and by
/// the registry's verifier, for the key types roar reads from openssh-key-v1 files.
@Suite(.timeLimit(.minutes(2))) struct SSHSigningTests {
    @Test(arguments: ["ed25519", "rsa"]) func signaturesVerifyWithOpenSSH(type: String) throws {
        let files = try SSHKeyFiles(type: type)
        let key = try SSHPrivateKey(contentsOfFile: files.privateKey)
        let publicLine = try String(contentsOfFile: files.publicKey, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.publicKey.openSSHLine == publicLine)
        let fingerprint = SSHKeyFiles.sshKeygen(["-l", "-f", files.publicKey]).stdout
        #expect(fingerprint.contains(key.publicKey.fingerprint))

        let message = Array("1764201600\nPOST\n/api/v1/registration-sessions/x/jobs/batch\nabc".utf8)
        let blob = try key.sshsig(message)
        let armored =
            "-----BEGIN SSH SIGNATURE-----\n" + Data(blob).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            + "\n-----END SSH SIGNATURE-----\n"
        let signature = files.directory + "/message.sig"
        try Data(armored.utf8).write(to: URL(fileURLWithPath: signature))
        #expect(SSHKeyFiles.sshKeygen(["-Y", "check-novalidate", "-n", "glaas", "-s", signature], input: Data(message)).status == 0)
        #expect(SSHKeyFiles.sshKeygen(["-Y", "check-novalidate", "-n", "glaas", "-s", signature], input: Data(message + [0x21])).status != 0)

        let parsed = try SSHSignature(blob: blob)
        #expect(parsed.hashAlgorithm == "sha512")
        #expect(parsed.signatureFormat == (type == "rsa" ? "rsa-sha2-512" : "ssh-ed25519"))
        try parsed.verify(message: message, expectedKey: key.publicKey)
    }

    @Test func encryptedAndForeignKeysAreClearErrors() throws {
        let encrypted = try SSHKeyFiles(type: "ed25519", passphrase: "secret words")
        #expect {
            try SSHPrivateKey(contentsOfFile: encrypted.privateKey)
        } throws: { error in
            String(describing: error).contains("passphrase")
        }
        let pem = #expect(throws: SSHPrivateKey.LoadError.self) {
            try SSHPrivateKey(pem: "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n")
        }
        #expect(pem?.description.hasPrefix("not in OpenSSH format") == true, "\(String(describing: pem))")
        let text = #expect(throws: SSHPrivateKey.LoadError.self) { try SSHPrivateKey(pem: "hello") }
        #expect(text?.description == "not an OpenSSH private key")

        // Discovery: an explicit ROAR_SSH_KEY that cannot be used is an error; one in ~/.ssh is skipped.
        let home = encrypted.directory + "/home"
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: encrypted.privateKey, toPath: home + "/.ssh/id_ed25519")
        let discovered = try SSHKeyLocator(environment: ["HOME": home], configuredPath: nil).locate()
        #expect(discovered.found == nil)
        #expect(discovered.skipped.count == 1)
        let explicit = #expect(throws: RegistryClientError.self) {
            try SSHKeyLocator(environment: ["HOME": home, "ROAR_SSH_KEY": encrypted.privateKey], configuredPath: nil).locate()
        }
        guard case .configuration(let message)? = explicit else {
            Issue.record("expected RegistryClientError.configuration, got \(String(describing: explicit))")
            return
        }
        #expect(message.hasPrefix("cannot use SSH key ") && message.contains("passphrase"), "\(message)")
        let plain = try SSHKeyFiles(type: "rsa")
        try FileManager.default.copyItem(atPath: plain.privateKey, toPath: home + "/.ssh/id_rsa")
        #expect(try SSHKeyLocator(environment: ["HOME": home], configuredPath: nil).locate().found?.path == home + "/.ssh/id_rsa")
        #expect(try SSHKeyLocator(environment: ["HOME": home], configuredPath: plain.privateKey).locate().found?.source == "config glaas.key")
    }

    @Test func artifactBatchesStayUnder90KB() throws {
        let artifacts: [JSONValue] = (0..<3000).map { index in
            [
                "hashes": [["algorithm": "blake3", "digest": .string(String(repeating: "a", count: 60) + String(format: "%04d", index))]],
                "size": .int(Int64(index)),
            ]
        }
        let batches = RegistryClient.batches(artifacts, maximumBytes: RegistryClient.artifactBatchBytes)
        #expect(batches.count > 1)
        #expect(batches.flatMap { $0 } == artifacts)
        for batch in batches { #expect(CanonicalJSON.bytes(["artifacts": .array(batch)]).count <= RegistryClient.artifactBatchBytes) }
    }
}
