import Foundation
import GLaaSClient
import LineageModel
import RoarKit

/// The registry side of `roar lineage --down` and `roar impact`: the graph API's walks, read
/// with the user's credential (login, else SSH key, else anonymous) as `RemoteLookup` reads.
enum RemoteWalk {
    /// The registry's downstream walk from `text`; nil when the registry does not know it (an
    /// error instead when `required`) or none is configured.
    static func downstream(_ text: String, configuration: RoarConfiguration, depth: Int, limit: Int, required: Bool) async throws
        -> ForwardWalk?
    {
        guard let reader = try RemoteLookup.reader(text, configuration: configuration, required: required) else { return nil }
        let path = "/artifacts/\(text.lowercased())/downstream?depth=\(depth)&limit=\(limit)"
        let document = try await reader.read { credential in try await reader.client.graph(path, credential: credential) }
        guard let document else {
            if required { throw RoarError.failed("the registry at \(configuration.glaasURL ?? "") does not know \(text)") }
            return nil
        }
        return try ForwardWalk.registry(document)
    }

    /// The registry's terminal descendants of `text`, following its pages until `limit` items.
    static func terminal(_ text: String, configuration: RoarConfiguration, limit: Int, required: Bool) async throws -> TerminalDescendants? {
        guard let reader = try RemoteLookup.reader(text, configuration: configuration, required: required) else { return nil }
        var items: [TerminalDescendants.Item] = []
        var cursor: String?
        var start: String?
        var pages = 0
        repeat {
            let size = min(500, limit - items.count)
            var path = "/artifacts/\(text.lowercased())/terminal-descendants?limit=\(size)"
            if let cursor { path += "&cursor=" + (cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor) }
            let request = path
            let page = try await reader.read { credential in try await reader.client.graph(request, credential: credential) }
            guard let page else {
                if required || pages > 0 { throw RoarError.failed("the registry at \(configuration.glaasURL ?? "") does not know \(text)") }
                return nil
            }
            pages += 1
            start = page["artifact"]?.stringValue ?? start
            for entry in page["items"]?.arrayValue ?? [] {
                guard let hash = entry["hash"]?.stringValue else { continue }
                items.append(TerminalDescendants.Item(digest: hash, path: nil, size: entry["size"]?.int64Value, madeBy: nil))
            }
            cursor = page["next_cursor"]?.stringValue
        } while cursor != nil && items.count < limit
        let notes = cursor == nil ? [] : ["more final outputs remain: stopped at \(items.count) (--limit \(limit); raise it to see more)"]
        return TerminalDescendants(
            origin: "registry", start: ForwardWalk.Artifact(digest: start ?? text, path: nil, size: nil, depth: 0), items: items, notes: notes)
    }
}
