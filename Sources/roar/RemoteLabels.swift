import Foundation
import GLaaSClient
import LineageModel
import RoarKit

/// `roar label … --remote` and `roar tag show --remote`: the registry's label documents, read
/// and edited with the user's credential (the login's Bearer token, else the SSH key).
enum RemoteLabels {
    /// The reader and the registry target `text` names (a project is optional).
    static func open(_ kind: LocalLabelTarget.Kind?, _ text: String, session: String?) throws -> (RegistryReader, RemoteLabelTarget) {
        let (project, configuration) = try RegistryContext.open()
        let connection = try RegistryConnection(configuration: configuration)
        let store = try project.map { try LocalStore(path: $0.storePath) }
        let target = try LabelTargets.remote(kind: kind, text, session: session, store: store, registryURL: connection.endpoint.baseURL)
        return (RegistryReader(connection: connection, note: { warn($0) }), target)
    }

    /// A refusal as one line: what was refused and the registry's reason.
    static func refused(_ action: String, _ error: any Error) -> any Error {
        guard let error = error as? RegistryClientError, case .http(let status, let message, _) = error else { return error }
        switch status {
        case 401: return RoarError.failed("remote label \(action) needs a login or a registered SSH key (HTTP 401: \(message)); run `roar login`")
        case 403: return RoarError.failed("remote label \(action) was denied (HTTP 403): \(message)")
        case 404: return RoarError.failed("remote label \(action): not found on the registry (HTTP 404): \(message)")
        case 409: return RoarError.failed("remote label \(action) conflicted with a concurrent edit (HTTP 409): \(message); try again")
        default: return RoarError.failed("remote label \(action) failed (HTTP \(status)): \(message)")
        }
    }

    /// Set (`patch`) or unset (`deleted`) keys against the version just read.
    static func edit(_ kind: LocalLabelTarget.Kind?, _ text: String, session: String?, patch: LabelDocument, deleted: [String], json: Bool)
        async throws
    {
        let action = deleted.isEmpty ? "set" : "unset"
        let (reader, target) = try open(kind, text, session: session)
        let result: JSONValue
        do {
            result = try await reader.read { credential in
                let current = try await reader.client.currentLabels(target, credential: credential)
                var entry = target.json
                if let hash = current?["sessionHash"]?.stringValue { entry["session_hash"] = .string(hash) }
                if let hash = current?["artifactHash"]?.stringValue, target.entityType == "artifact" { entry["artifact_hash"] = .string(hash) }
                entry["base_version"] = .int(current?["version"]?.int64Value ?? 0)
                entry["metadata"] = patch.json
                if !deleted.isEmpty { entry["deleted_keys"] = .array(deleted.map(JSONValue.string)) }
                return try await reader.client.reconcileLabels(
                    [.object(entry)], sessionHash: entry["session_hash"]?.stringValue, credential: credential)
            }
        } catch {
            throw refused(action, error)
        }
        if json {
            print(Output.json(result))
            return
        }
        let prefix = deleted.isEmpty ? "Updated remote labels" : "Removed remote labels"
        var heading = "\(prefix): processed=\(count(result["processed"])) created=\(count(result["created"])) updated=\(count(result["updated"]))"
        heading += " noops=\(count(result["noops"]))"
        if let keys = result["deletedKeys"]?.int64Value, keys > 0 { heading += " deleted_keys=\(keys)" }
        var lines = [heading]
        for row in result["results"]?.arrayValue ?? [] {
            let entity = row["entityType"]?.stringValue ?? "label"
            let name = ["sessionHash", "jobUid", "artifactHash"].lazy.compactMap { row[$0]?.stringValue }.first ?? "unknown"
            var display = row["action"]?.stringValue ?? "synced"
            if let version = row["version"]?.int64Value { display += " version \(version)" }
            let removed = row["deletedKeys"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if !removed.isEmpty { display += " (deleted: \(removed.joined(separator: ", ")))" }
            lines.append(TerminalText.escaped("  \(entity):\(name)=\(display)"))
        }
        print(lines.joined(separator: "\n"))
    }

    static func count(_ value: JSONValue?) -> String { String(value?.int64Value ?? 0) }

    /// The current document (`tagsOnly`: only its tags, as `roar tag show` prints them).
    static func show(_ kind: LocalLabelTarget.Kind?, _ text: String, session: String?, json: Bool, tagsOnly: Bool) async throws {
        let (reader, target) = try open(kind, text, session: session)
        let current: JSONValue?
        do {
            current = try await reader.read { try await reader.client.currentLabels(target, credential: $0) }
        } catch {
            throw refused("show", error)
        }
        guard let current else {
            if tagsOnly && !json {
                print("Tags on \(text):\n  (no tags)")
                return
            }
            if json {
                print(Output.json(["target": .object(target.json), "version": .null, "metadata": tagsOnly ? .null : [:], "tags": [:]]))
                return
            }
            throw RoarError.failed("no remote labels found for \(target.describe)")
        }
        let document = LabelDocument(current["metadata"]?.objectValue ?? [:])
        if json {
            var data = current.objectValue ?? [:]
            if tagsOnly { data["tags"] = TagEdit.json(document) }
            print(Output.json(.object(data)))
            return
        }
        if tagsOnly {
            let lines = TagEdit.lines(document).map(TerminalText.escaped)
            print((["Tags on \(TerminalText.escaped(text)):"] + (lines.isEmpty ? ["  (no tags)"] : lines)).joined(separator: "\n"))
            return
        }
        let editability = current["canEdit"]?.boolValue.map { $0 ? ", editable" : ", read-only" } ?? ""
        let version = current["version"]?.int64Value.map(String.init) ?? "?"
        let lines = LabelText.lines(document.json, indent: "  ").map(TerminalText.escaped)
        print((["Remote labels (version \(version)\(editability)):"] + (lines.isEmpty ? ["  No labels."] : lines)).joined(separator: "\n"))
    }

    static func history(_ kind: LocalLabelTarget.Kind?, _ text: String, session: String?, json: Bool) async throws {
        let (reader, target) = try open(kind, text, session: session)
        let history: JSONValue?
        do {
            history = try await reader.read { try await reader.client.labelHistory(target, credential: $0) }
        } catch {
            throw refused("history", error)
        }
        if json {
            print(Output.json(history ?? ["labels": []]))
            return
        }
        let versions = (history?["labels"]?.arrayValue ?? []).map { (Int($0["version"]?.int64Value ?? 0), $0["metadata"] ?? [:]) }
        print(LabelCommand.historyText(versions))
    }
}
