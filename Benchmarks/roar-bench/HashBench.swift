import Foundation

/// BLAKE3 throughput: `roar hash` against `b3sum --num-threads 1` and default (multi-threaded,
/// mmap) `b3sum`, all on the same file in the workspace, with the page cache warmed first.
struct HashBench {
    let options: Options
    let tools: Tools
    let workspace: Workspace

    var bytes: Int { options.quick ? 64 << 20 : 1 << 30 }

    /// Creates the file, measures, removes the file, and stores rows in `results`.
    func run(into results: inout Results) {
        let size = bytes
        progress("== BLAKE3 throughput on \(size >> 20) MiB")
        let path = workspace.root + "/blake3-input.bin"
        defer { unlink(path) }
        do {
            try writeFile(path, bytes: size)
        } catch {
            results.notes.append("BLAKE3: cannot write \(path): \(error)")
            return
        }
        warm(path)
        let b3sum = ["/usr/bin/b3sum", "/usr/local/bin/b3sum"].first { FileManager.default.isExecutableFile(atPath: $0) }
        var tools: [(String, [String])] = [("roar hash", [self.tools.roar, "hash", path])]
        if let b3sum {
            tools.append(("b3sum --num-threads 1", [b3sum, "--num-threads", "1", path]))
            tools.append(("b3sum (default threads)", [b3sum, path]))
        } else {
            results.notes.append("BLAKE3: b3sum not found; only roar hash measured")
        }
        var rows = tools.map { HashRow(tool: $0.0, cell: Cell(), bytes: size, digest: nil) }
        for repetition in 0..<options.repetitions {
            let shift = repetition % tools.count
            for index in Array(tools.indices[shift...]) + Array(tools.indices[..<shift]) {
                let log = workspace.root + "/hash-\(index)-\(repetition).log"
                defer { unlink(log) }
                guard
                    let measurement = try? ChildProcess.run(
                        tools[index].1, in: workspace.root, environment: self.tools.environment,
                        timeout: options.timeout, logPath: log, errorPath: "/dev/null")
                else {
                    rows[index].cell.failures.append("spawn failed")
                    continue
                }
                if measurement.timedOut {
                    rows[index].cell.failures.append("timeout")
                } else if measurement.status != 0 {
                    rows[index].cell.failures.append("exit \(measurement.status)")
                } else {
                    rows[index].cell.samples.append(Sample(wall: measurement.wall, cpu: measurement.cpu))
                    let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                    rows[index].digest = output.split(separator: " ").first.map(String.init)
                }
                progress(
                    "   r\(repetition + 1) " + pad(tools[index].0, 26)
                        + String(format: "%8.3f s wall %8.3f s cpu", measurement.wall, measurement.cpu))
            }
        }
        let digests = Set(rows.compactMap(\.digest))
        if digests.count > 1 { results.notes.append("BLAKE3: digests DIFFER between tools: \(rows.map { "\($0.tool)=\($0.digest ?? "-")" })") }
        results.hashes = rows
        results.hashFileBytes = size
    }

    /// Writes `bytes` of pseudo-random data (a random 1 MiB block, varied per block).
    func writeFile(_ path: String, bytes: Int) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path)
        else { throw ChildProcess.SpawnError(description: "cannot create \(path)") }
        defer { try? handle.close() }
        var generator = SystemRandomNumberGenerator()
        var block = [UInt8](repeating: 0, count: 1 << 20)
        for index in block.indices { block[index] = UInt8.random(in: 0...255, using: &generator) }
        var written = 0
        var counter: UInt64 = 0
        while written < bytes {
            counter += 1
            withUnsafeBytes(of: counter) { counterBytes in
                for (offset, byte) in counterBytes.enumerated() { block[offset] = byte }
            }
            let count = min(block.count, bytes - written)
            try handle.write(contentsOf: block[0..<count])
            written += count
        }
    }

    /// Reads the whole file once so every tool starts from the page cache.
    func warm(_ path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        while let data = try? handle.read(upToCount: 8 << 20), !data.isEmpty {}
    }
}
