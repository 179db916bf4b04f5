import Foundation
import GLaaSHTTP
import Hummingbird
import LineageExport
import LineageModel
import LineageStore
import Logging

/// One lineage exported for whoever can see it, in one of `glaas export`'s formats: the
/// glaas-graph file (`glaas import` reads it back), PROV-JSON, or OpenLineage RunEvents. The
/// record carries only the publications the reader may see; a lineage the reader cannot see is
/// a 404, as everywhere.
struct LineageDownload: Sendable {
    typealias Store = LineageReading & LineageArchive & TeamDirectory

    enum Format: String, CaseIterable, Sendable {
        case glaasGraph = "glaas-graph"
        case prov
        case openlineage

        var contentType: String { self == .openlineage ? "application/x-ndjson" : "application/json" }
        /// A new incremental writer of this format.
        func writer() -> any ExportFormatWriter {
            switch self {
            case .glaasGraph: GraphFormatWriter()
            case .prov: ProvFormatWriter()
            case .openlineage: OpenLineageFormatWriter()
            }
        }

        var fileSuffix: String {
            switch self {
            case .glaasGraph: "glaas.json"
            case .prov: "prov.json"
            case .openlineage: "openlineage.jsonl"
            }
        }
    }

    let store: any Store

    /// The format a `format` parameter names (glaas-graph when absent).
    static func format(_ text: String?) throws -> Format {
        guard let text else { return .glaasGraph }
        guard let format = Format(rawValue: text) else {
            throw GLaaSError.badRequest(
                "Unknown export format \"\(text.prefix(40))\" (expected \(Format.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return format
    }

    /// The download of lineage `hash` (64 hex) for `viewer`, as an attachment.
    func response(hash: String, format: Format, viewer: Viewer) async throws -> Response {
        guard try await store.lineage(hash: hash, visibleTo: viewer) != nil, var record = try await store.lineageRecord(hash: hash) else {
            throw GLaaSError.notFound("Lineage \(hash) not found")
        }
        let projects = try await memberProjects(viewer)
        record.publications = record.publications.filter { PublicationVisibility.isVisible([$0], to: viewer, memberProjects: projects) }
        let archive = OneLineage(record: record)
        let buffer = ExportBuffer()
        switch format {
        case .glaasGraph: try await GraphExporter.export(from: archive, lineageHash: hash, to: buffer)
        case .prov: try await ProvExporter.export(from: archive, lineageHash: hash, to: buffer)
        case .openlineage: try await OpenLineageExporter.export(from: archive, lineageHash: hash, to: buffer)
        }
        var body = ByteBuffer()
        body.writeBytes(buffer.bytes)
        return Response(
            status: .ok,
            headers: [
                .contentType: format.contentType, .contentLength: String(body.readableBytes), .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"lineage-\(hash.prefix(16)).\(format.fileSuffix)\"",
            ],
            body: ResponseBody(byteBuffer: body))
    }

    /// Every lineage `viewer` can see, streamed in hash order as one file (one lineage in memory
    /// at a time): how a team leaves a registry with its records.
    func stream(format: Format, viewer: Viewer, logger: Logger) async throws -> Response {
        let projects = try await memberProjects(viewer)
        let store = self.store
        let body = ResponseBody { writer in
            var output = format.writer()
            try await writer.write(ByteBuffer(bytes: output.begin()))
            var after: String?
            var count = 0
            do {
                while true {
                    let hashes = try await store.lineageHashes(after: after, limit: GraphExporter.pageSize, visibleTo: viewer)
                    for hash in hashes {
                        guard var record = try await store.lineageRecord(hash: hash) else { continue }
                        record.publications = record.publications.filter {
                            PublicationVisibility.isVisible([$0], to: viewer, memberProjects: projects)
                        }
                        try await writer.write(ByteBuffer(bytes: output.add(record)))
                        count += 1
                    }
                    guard hashes.count == GraphExporter.pageSize else { break }
                    after = hashes.last
                }
            } catch {
                // The answer has begun: it ends short, and the log says why.
                logger.error("Export stopped", metadata: ["lineages": "\(count)", "error": "\(String(describing: error))"])
                throw error
            }
            try await writer.write(ByteBuffer(bytes: output.end()))
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: format.contentType, .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"glaas-export.\(format.fileSuffix)\"",
            ],
            body: body)
    }

    /// The projects whose private publications `viewer` may see.
    func memberProjects(_ viewer: Viewer) async throws -> Set<String> {
        guard let user = viewer.userID else { return [] }
        var projects = Set<String>()
        for (organization, _) in try await store.memberships(ofUser: user) {
            projects.formUnion(try await store.projects(ofOrganization: organization.id).map(\.id))
        }
        return projects
    }

    /// The one record the exporters are given.
    struct OneLineage: LineageArchive {
        let record: LineageRecord
        func lineageHashes(after: String?, limit: Int) async throws -> [String] {
            after.map { $0 < record.hash } ?? true ? [record.hash] : []
        }
        func lineageRecord(hash: String) async throws -> LineageRecord? { hash == record.hash ? record : nil }
    }
}
