// blake3-bench: throughput of our BLAKE3 file hashing against b3sum, in one run.
//
//   swift build -c release --scratch-path .build-blake3 --product blake3-bench
//   .build-blake3/release/blake3-bench [--size-mib N] [--runs N] [--dir PATH] [--b3sum PATH]
//
// Creates (once) a file of pseudo-random bytes, 1 GiB by default, under
// .build-blake3-bench/ at the package root, warms the page cache, then reports the
// best of `runs` timings of each contender (taken round-robin) in GB/s (10^9 bytes
// per second), and the ratios ours / b3sum.
import BLAKE3Hashing
import Foundation

struct Options {
    var sizeMiB = 1024
    var runs = 3
    var directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build-blake3-bench").path
    var b3sum = "/usr/bin/b3sum"

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { Self.usage() }
            switch flag {
            case "--size-mib": sizeMiB = Int(value) ?? sizeMiB
            case "--runs": runs = max(1, Int(value) ?? runs)
            case "--dir": directory = value
            case "--b3sum": b3sum = value
            default: Self.usage()
            }
        }
    }

    static func usage() -> Never {
        print("usage: blake3-bench [--size-mib N] [--runs N] [--dir PATH] [--b3sum PATH]")
        exit(2)
    }
}

/// Writes `size` pseudo-random bytes to `path` unless a file of that size is already there.
func ensureInputFile(at path: String, size: Int) throws {
    if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
        (attributes[.size] as? NSNumber)?.intValue == size
    {
        return
    }
    print("creating \(path) (\(size >> 20) MiB)…")
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    let pieceWords = 1 << 20
    var state: UInt64 = 0x243F_6A88_85A3_08D3
    var words = [UInt64](repeating: 0, count: pieceWords)
    var written = 0
    while written < size {
        for index in words.indices {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            words[index] = z ^ (z >> 31)
        }
        let count = min(size - written, pieceWords * 8)
        try words.withUnsafeBytes { try handle.write(contentsOf: Data($0.prefix(count))) }
        written += count
    }
}

/// Runs b3sum and returns the digest it prints.
func b3sum(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
}

/// CPU seconds used so far by this process and by its waited-for children (user + system).
func cpuSeconds() -> Double {
    var own = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &own)
    var children = rusage()
    #if canImport(Glibc)
        getrusage(RUSAGE_CHILDREN.rawValue, &children)
    #else
        getrusage(RUSAGE_CHILDREN, &children)
    #endif
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
    return Double(own.tv_sec) + Double(own.tv_nsec) * 1e-9 + seconds(children.ru_utime) + seconds(children.ru_stime)
}

/// Wall and CPU seconds taken by `body`, and the digest it returned.
func timed(_ body: () throws -> String) rethrows -> (wall: Double, cpu: Double, digest: String) {
    var digest = ""
    let cpuBefore = cpuSeconds()
    let elapsed = try ContinuousClock().measure { digest = try body() }
    let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return (wall, cpuSeconds() - cpuBefore, digest)
}

let options = Options(arguments: CommandLine.arguments)
let size = options.sizeMiB << 20
let path = options.directory + "/input-\(options.sizeMiB)MiB.bin"
try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
try ensureInputFile(at: path, size: size)

// Warm the page cache so every contender reads from memory.
_ = try BLAKE3.hashFile(at: path)
_ = try b3sum(options.b3sum, [path])

print("file: \(path), \(size >> 20) MiB; best of \(options.runs)")
print("kernel: \(BLAKE3.Kernel.detected), threads: \(BLAKE3.processorCount)")

let contenders: [(name: String, run: () throws -> String)] = [
    ("ours, 1 thread", { try BLAKE3.hashFile(at: path, threads: 1).hex }),
    ("ours, multi-threaded", { try BLAKE3.hashFile(at: path).hex }),
    ("b3sum --num-threads 1", { try b3sum(options.b3sum, ["--num-threads", "1", path]) }),
    ("b3sum", { try b3sum(options.b3sum, [path]) }),
]
// Round-robin, so a change in machine load affects every contender alike; keep the best.
var wall = [Double](repeating: .infinity, count: contenders.count)
var cpu = [Double](repeating: .infinity, count: contenders.count)
var digests = Set<String>()
for _ in 0..<options.runs {
    for (index, contender) in contenders.enumerated() {
        let run = try timed(contender.run)
        wall[index] = min(wall[index], run.wall)
        cpu[index] = min(cpu[index], run.cpu)
        digests.insert(run.digest)
    }
}
var rates: [String: Double] = [:]
var cpuRates: [String: Double] = [:]
print("contender                 wall s     GB/s   (CPU s, GB/s per CPU-second)")
for (index, contender) in contenders.enumerated() {
    let rate = Double(size) / wall[index] / 1e9
    rates[contender.name] = rate
    cpuRates[contender.name] = Double(size) / cpu[index] / 1e9
    let name = contender.name.padding(toLength: 24, withPad: " ", startingAt: 0)
    print(
        "\(name) \(String(format: "%6.3f", wall[index]))  \(String(format: "%7.2f", rate))   "
            + "(\(String(format: "%.3f", cpu[index])), \(String(format: "%.2f", cpuRates[contender.name]!)))")
}

@MainActor func ratio(_ ours: String, _ theirs: String) -> String {
    String(format: "%.2fx", rates[ours]! / rates[theirs]!)
}
print(
    "ratio single-threaded (ours / b3sum --num-threads 1): \(ratio("ours, 1 thread", "b3sum --num-threads 1"))"
        + "  (per CPU-second: \(String(format: "%.2fx", cpuRates["ours, 1 thread"]! / cpuRates["b3sum --num-threads 1"]!)))")
print("ratio multi-threaded  (ours / b3sum):                 \(ratio("ours, multi-threaded", "b3sum"))")
guard digests.count == 1 else {
    print("DIGESTS DIFFER: \(digests.sorted())")
    exit(1)
}
print("all digests agree: \(digests.first!)")
