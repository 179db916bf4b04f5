import AsyncHTTPClient
import Foundation
import NIOCore

/// One timed phase of the load benchmark: `clients` keep-alive clients, each sending one
/// request at a time for `seconds`, drawing operations from `draw`; per operation, the
/// latencies of the answers that succeeded and the failures by HTTP status (or transport error).
struct LoadPhase {
    let client: HTTPClient
    let origin: String
    let targets: LoadTargets
    let clients: Int
    let seconds: Double
    /// The Bearer token the `bearer` operation sends (the registry checks it on every route).
    var bearer: String? = nil

    /// What one operation did in a phase.
    struct Figures: Sendable {
        var timings = Timings()
        var errors: [String: Int] = [:]

        var errorCount: Int { errors.values.reduce(0, +) }

        mutating func merge(_ other: Figures) {
            for sample in other.timings.samples { timings.add(sample) }
            errors.merge(other.errors, uniquingKeysWith: +)
        }
    }

    /// The figures per operation and the phase's wall time.
    func run(_ draw: @escaping @Sendable (inout SystemRandomNumberGenerator) -> LoadOperation) async -> (
        figures: [LoadOperation: Figures], seconds: Double
    ) {
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(seconds * 1e9)
        var merged: [LoadOperation: Figures] = [:]
        await withTaskGroup(of: [LoadOperation: Figures].self) { group in
            for index in 0..<clients {
                group.addTask { await self.client(index, until: deadline, draw) }
            }
            for await figures in group {
                for (operation, value) in figures { merged[operation, default: Figures()].merge(value) }
            }
        }
        return (merged, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// One client's loop.
    func client(_ index: Int, until deadline: UInt64, _ draw: (inout SystemRandomNumberGenerator) -> LoadOperation) async -> [LoadOperation:
        Figures]
    {
        var generator = SystemRandomNumberGenerator()
        var figures: [LoadOperation: Figures] = [:]
        let publisher = V1Publisher(client: client, url: origin)
        var registrations = Int.random(in: 0..<1_000_000_000, using: &generator) * 1000
        while DispatchTime.now().uptimeNanoseconds < deadline {
            let operation = draw(&generator)
            let started = DispatchTime.now().uptimeNanoseconds
            let failure: String?
            if let path = targets.path(operation, &generator) {
                failure = await get(path, bearer: operation == .bearer ? bearer : nil)
            } else {
                registrations += 1
                let synthetic = SyntheticLineage(run: registrations, jobs: 5, fanIn: 2, fanOut: 2)
                do {
                    _ = try await publisher.publish(synthetic.lineage, artifacts: synthetic.artifacts)
                    failure = nil
                } catch let error as BenchError {
                    failure = error.status.map(String.init) ?? "other: \(error.description.prefix(60))"
                } catch {
                    failure = "transport: \(type(of: error))"
                }
            }
            if let failure {
                figures[operation, default: Figures()].errors[failure, default: 0] += 1
            } else {
                figures[operation, default: Figures()].timings.add(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            }
        }
        return figures
    }

    /// GETs `path`; nil when it answered 200, else what went wrong.
    func get(_ path: String, bearer: String? = nil) async -> String? {
        do {
            var request = HTTPClientRequest(url: origin + path)
            if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
            let response = try await client.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 64 << 20)
            return response.status == .ok ? nil : String(response.status.code)
        } catch {
            return "transport: \(type(of: error))"
        }
    }
}
