import Foundation

/// Monotonic time in seconds.
func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Seconds taken by `body`.
func time(_ body: () throws -> Void) rethrows -> Double {
    let start = now()
    try body()
    return now() - start
}

/// Process CPU time (user + system) in seconds.
func cpuTime() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Wall and CPU seconds taken by `body`.
func timeWithCPU(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    let cpu = cpuTime()
    let start = now()
    try body()
    return (now() - start, cpuTime() - cpu)
}

/// Summary of repeated measurements.
struct Sample {
    var values: [Double]

    var median: Double { percentile(50) }
    var min: Double { values.min() ?? .nan }
    var max: Double { values.max() ?? .nan }

    /// Nearest-rank percentile.
    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        if p == 50 {
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank - 1, 0), sorted.count - 1)]
    }

    /// "median (min..max)" with `format` applied to each.
    func describe(_ format: (Double) -> String) -> String {
        values.count == 1 ? format(median) : "\(format(median)) (\(format(min))..\(format(max)))"
    }
}

/// A field of /proc/self/status in KiB, e.g. "VmHWM" or "VmRSS".
func procStatusKiB(_ field: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }
    return -1
}

func loadAverage() -> String {
    ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?")
        .split(separator: " ").prefix(3).joined(separator: " ")
}

func cpuModel() -> String {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "?" }
    let model = text.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last
    let shaNI = text.contains(" sha_ni") ? ", sha_ni" : ""
    return (model.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?") + " × \(ProcessInfo.processInfo.activeProcessorCount)" + shaNI
}

/// Flushes dirty pages so that write-back from an earlier phase does not land in a timed one.
func settle() {
    sync()
}

// MARK: - Formatting

func rate(_ value: Double) -> String {
    if value >= 1e6 { return String(format: "%.2f M/s", value / 1e6) }
    if value >= 1e4 { return String(format: "%.1f k/s", value / 1e3) }
    return String(format: "%.0f /s", value)
}

func milliseconds(_ seconds: Double) -> String {
    String(format: "%.3f ms", seconds * 1e3)
}

func ratio(_ value: Double) -> String {
    String(format: "%.2f", value)
}

/// Machine-readable result lines, printed as `RESULT key=value`.
nonisolated(unsafe) var results: [(String, String)] = []

func result(_ key: String, _ value: Double, digits: Int = 1) {
    results.append((key, String(format: "%.\(digits)f", value)))
    print("RESULT \(key)=\(String(format: "%.\(digits)f", value))")
}

/// `key`, `key_min` and `key_max`: a sample's median and range.
func result(_ key: String, _ sample: Sample, digits: Int = 1) {
    result(key, sample.median, digits: digits)
    result(key + "_min", sample.min, digits: digits)
    result(key + "_max", sample.max, digits: digits)
}

func result(_ key: String, _ value: String) {
    results.append((key, value))
    print("RESULT \(key)=\(value)")
}

func log(_ message: String) {
    FileHandle.standardError.write(Data("[\(String(format: "%7.1f", now() - startTime)) s] \(message)\n".utf8))
}

let startTime = now()
