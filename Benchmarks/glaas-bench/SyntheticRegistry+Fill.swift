import Foundation
import LineageModel
import LineageStore

extension SyntheticRegistry {
    /// Publishes every run not stored yet, with progress on stderr; returns how many jobs it
    /// added and in how many seconds, or nil when the store already held them all (said).
    func fill(_ store: any RegistryStore & StoreMaintenance) async throws -> (jobs: Int, seconds: Double)? {
        let existing = try await store.count(table: "jobs")
        let firstRun = existing / chain
        guard firstRun < lineages else {
            say("  reusing the store (\(existing) jobs, \(try await store.count(table: "artifacts")) artifacts)")
            return nil
        }
        let (_, seconds) = try await measure {
            for run in firstRun..<lineages {
                _ = try await store.publish(LineagePublication(lineage: lineage(run), visibility: .public, ownerUserID: nil), closing: nil)
                if run % 200 == 199 || run == lineages - 1 {
                    FileHandle.standardError.write(Data("\r  generating: \(run + 1)/\(lineages) lineages".utf8))
                }
            }
        }
        return (try await store.count(table: "jobs") - existing, seconds)
    }
}
