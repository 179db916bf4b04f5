import Foundation
import GLaaSHTTP
@_spi(Fuzzing) import GLaaSServer
import LineageModel
import LineageStore
import Testing

/// The fuzz corpora of the request-body targets (`Fuzz/Corpus/v1-payload`, `…/openlineage`),
/// seeds and kept crash inputs alike, read by the same route readers as the fuzz targets read
/// them: each body is accepted or refused with a 4xx, never a trap or a 500. So `swift test`
/// guards every input a fuzz run once found (docs/testing.md, "Fuzzing").
@Suite(.timeLimit(.minutes(2))) struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus")

    static func inputs(_ name: String) throws -> [(String, [UInt8])] {
        let directory = corpus.appendingPathComponent(name)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().map { file in
            (file, Array(try Data(contentsOf: directory.appendingPathComponent(file))))
        }
    }

    /// As GLaaSServer's error middleware answers errors: a 4xx for these, a 500 for the rest.
    static func isClientError(_ error: any Error) -> Bool {
        switch error {
        case let error as GLaaSError: return (400..<500).contains(error.status.code)
        case let error as LineageStoreError:
            if case .unavailable = error { return false }
            return true
        case is LineageModelError: return true
        default: return false
        }
    }

    static func check(_ name: String, _ readers: [RequestBodyReaders.Reader]) throws {
        let inputs = try inputs(name)
        #expect(!inputs.isEmpty, "no inputs in Fuzz/Corpus/\(name)")
        for (file, body) in inputs {
            for reader in readers {
                do {
                    try reader.read(body)
                } catch {
                    #expect(Self.isClientError(error), "\(name)/\(file), \(reader.route): \(String(reflecting: error))")
                }
            }
        }
    }

    @Test func v1BodiesAreAcceptedOrRefusedWithA4xx() throws {
        try Self.check("v1-payload", RequestBodyReaders.v1)
    }

    @Test func openLineageEventsAreAcceptedOrRefusedWithA4xx() throws {
        try Self.check("openlineage", [RequestBodyReaders.openLineageEvent])
    }
}
