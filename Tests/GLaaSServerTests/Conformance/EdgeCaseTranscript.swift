import Foundation
import LineageModel
import LineageStore
import TestSupport

/// What one store answered to the edge cases: a line per request (status, then the error
/// message or the answer without the values that differ from run to run), each published record
/// as the store reads it back, and the hashes it published.
struct EdgeCaseTranscript: Sendable {
    /// `case #step METHOD path` and its answer, in the order sent.
    var lines: [(key: String, answer: String)] = []
    /// The records the cases published, as the store reads them back (compared with `==`: their
    /// label documents' descriptions list keys in no fixed order).
    var records: [(key: String, record: LineageRecord?)] = []
    /// The lineages the cases published, in order.
    var hashes: [String] = []
    /// Answers of 500 and above (never allowed).
    var serverErrors: [String] = []

    /// Keys whose values differ between runs (ids from sequences, times of the run, secrets).
    static let volatileKeys: Set<String> = [
        "id", "job_ids", "artifact_id", "registration_session_id", "registration_session_token", "expires_at", "registeredAt", "registered_at",
        "createdAt", "created_at", "request_id", "publishedAt", "published_at", "updatedAt", "updated_at",
    ]

    /// Sends every case through `registry`'s v1 routes and records the answers.
    static func record(_ cases: [EdgeCase], on registry: TestRegistry) async throws -> EdgeCaseTranscript {
        try await registry.run { client in
            var transcript = EdgeCaseTranscript()
            for edgeCase in cases { try await transcript.run(edgeCase, client: client, store: registry.store) }
            return transcript
        }
    }

    mutating func run(_ edgeCase: EdgeCase, client: TestRegistry.Client, store: any RegistryStore) async throws {
        let (session, auth) = try await client.openAnonymousSession()
        var hash: String?
        for (index, step) in edgeCase.steps.enumerated() {
            if step.path.contains("{hash}") && hash == nil { continue }
            let path = step.path.replacingOccurrences(of: "{session}", with: session).replacingOccurrences(of: "{hash}", with: hash ?? "")
            let reply = try await client.send(step.method, path, body: step.body.map { Array($0.utf8) }, auth: auth)
            if path.hasSuffix("/finalize"), reply.status == .ok, let published = reply.data["published_session_hash"]?.stringValue {
                hash = published
                hashes.append(published)
            }
            let answer = reply.status.code < 300 ? CanonicalJSON.string(Self.stable(reply.json)) : (reply.message ?? CanonicalJSON.string(reply.json))
            let key = "\(edgeCase.name) #\(index) \(step.method) \(step.path)"
            lines.append((key, "\(reply.status.code) " + answer.replacingOccurrences(of: session, with: "{session}")))
            if reply.status.code >= 500 { serverErrors.append("\(key) -> \(reply.status.code) \(answer)") }
        }
        if let hash {
            let record = try await store.lineageRecord(hash: hash)
            records.append(("\(edgeCase.name) record", record.map(Self.stable)))
        }
    }

    /// The answer without its volatile values.
    static func stable(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            .object(
                Dictionary(uniqueKeysWithValues: members.map { key, member in (key, volatileKeys.contains(key) ? .string("…") : stable(member)) }))
        case .array(let items): .array(items.map(stable))
        default: value
        }
    }

    /// The record in one order, its times of publication set aside.
    static func stable(_ record: LineageRecord) -> LineageRecord {
        var copy = record.normalized()
        let epoch = Date(timeIntervalSince1970: 0)
        copy.createdAt = epoch
        for index in copy.publications.indices { copy.publications[index].createdAt = epoch }
        for index in copy.labels.indices { copy.labels[index].createdAt = epoch }
        return copy
    }
}
