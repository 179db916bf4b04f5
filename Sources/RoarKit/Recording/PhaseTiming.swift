import Foundation

/// Where `roar run`'s own time goes, printed on stderr when `ROAR_TIMING=1` (as roar-cli does).
struct PhaseTiming {
    let enabled = ProcessInfo.processInfo.environment["ROAR_TIMING"] == "1"
    private var last = DispatchTime.now().uptimeNanoseconds
    private var phases: [(String, Double)] = []

    /// Ends the phase running since the previous call (or since creation).
    mutating func end(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        phases.append((name, Double(now - last) / 1e6))
        last = now
    }

    func report() {
        guard enabled else { return }
        let text = phases.map { String(format: "%@ %.1f ms", $0.0, $0.1) }.joined(separator: " · ")
        FileHandle.standardError.write(Data("roar timing: \(text)\n".utf8))
    }
}
