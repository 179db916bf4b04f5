import Foundation

/// Key files made by OpenSSH's own ssh-keygen, in a scratch directory removed at deinit.
public final class SSHKeyFiles: Sendable {
    /// The scratch directory holding the keys.
    public let directory: String
    /// The private key file.
    public let privateKey: String
    /// The public key file.
    public var publicKey: String { privateKey + ".pub" }

    /// `ssh-keygen -t TYPE` (ed25519 or rsa), with `passphrase` when given.
    public init(type: String, passphrase: String = "") throws {
        directory = NSTemporaryDirectory() + "roar-keys-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        privateKey = directory + "/id_\(type)"
        var arguments = ["-q", "-t", type, "-N", passphrase, "-C", "test-\(type)@roar", "-f", privateKey]
        if type == "rsa" { arguments += ["-b", "2048"] }
        guard Self.sshKeygen(arguments).status == 0 else { throw TestFailure("ssh-keygen -t \(type) failed") }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Runs ssh-keygen with `input` on stdin; its status and stdout.
    @discardableResult
    public static func sshKeygen(_ arguments: [String], input: Data = Data()) -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return (-1, "") }
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self))
    }
}
