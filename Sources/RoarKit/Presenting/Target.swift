import BLAKE3Hashing
import Foundation

/// What `roar show`/`roar lineage` are asked about: `@3` (a step), a path, a digest prefix or
/// a job uid.
public enum Target: Sendable {
    case job(LocalJob)
    case artifact(LocalFile)

    public static func resolve(_ text: String, store: LocalStore, workingDirectory: String = FileManager.default.currentDirectoryPath) throws
        -> Target
    {
        if text.hasPrefix("@") {
            guard let step = Int(text.dropFirst()), step > 0 else { throw RoarError.usage("\(text) is not a step: use @1, @2, …") }
            guard let job = try store.job(step: step) else { throw RoarError.usage("no step \(text) in this session (see roar log)") }
            return .job(job)
        }
        let path = text.hasPrefix("/") ? text : URL(fileURLWithPath: workingDirectory).appendingPathComponent(text).standardizedFileURL.path
        if FileManager.default.fileExists(atPath: path) {
            if let recorded = try store.latestFile(path: path) { return .artifact(recorded) }
            // Not recorded under this path: maybe these bytes were, under another name.
            if let digest = try? BLAKE3.hashFile(at: path).hex, let recorded = try store.files(digestPrefix: digest).first {
                return .artifact(recorded)
            }
            throw RoarError.usage("\(text) was not read or written by any recorded job")
        }
        let hex = text.lowercased()
        guard hex.count >= 6, hex.allSatisfy(\.isHexDigit) else {
            throw RoarError.usage("\(text) is not a recorded path, a step (@N) or a digest (6+ hex characters)")
        }
        let files = try store.files(digestPrefix: hex)
        if files.count == 1 { return .artifact(files[0]) }
        if files.count > 1 {
            throw RoarError.usage(
                "\(text) matches \(files.count) artifacts (\(files.prefix(3).map { Output.short($0.digest) }.joined(separator: ", "))…): give more characters"
            )
        }
        if hex.count == 8, let job = try store.job(uid: hex) { return .job(job) }
        throw RoarError.usage("nothing recorded matches \(text)")
    }
}
