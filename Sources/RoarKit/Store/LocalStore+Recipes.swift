import Foundation
import GRDB

extension LocalStore {
    /// The latest job before job `id` that wrote this digest: the upstream producer of an
    /// input even when the job itself (or a later one) wrote the same bytes again (a copy).
    public func producer(ofDigest digest: String, before id: Int64) throws -> LocalJob? {
        try queue.read { db in
            try Self.load(
                db,
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT j.* FROM job_files f JOIN jobs j ON j.id = f.job_id
                        WHERE f.digest = ? AND f.role = 'output' AND j.id < ? ORDER BY j.id DESC LIMIT 1
                        """,
                    arguments: [digest, id])
            ).first
        }
    }
}
