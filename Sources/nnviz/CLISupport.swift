import ArgumentParser
import Foundation
import NeuralNet

/// Errors shown to the user as one line, without a stack trace.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

enum CLI {
    /// Peak resident memory of this process so far.
    static var peakMemoryBytes: Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// A points file whose rows `rows` (named by `option`, e.g. "--through") all exist; a file
    /// that cannot be read or a row past its end is one line naming the file.
    static func points(_ path: String, rows: [Int], option: String) throws -> PointsFile {
        let points: PointsFile
        do {
            points = try PointsFile(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CLIError("\(path): \(error)")
        }
        for r in rows where r >= points.rows.count {
            throw ModelError.invalidPlane(
                "row \(r) of \(option) is out of range: \(URL(fileURLWithPath: path).lastPathComponent) has \(points.rows.count) points"
            )
        }
        return points
    }

    /// Widths such as "16,16,8".
    static func parseWidths(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("widths must be positive integers separated by commas, e.g. 16,16,8")
        }
        return parts.map { $0! }
    }

    static func jsonLine(_ object: [String: Any]) -> String {
        // Only values JSON cannot hold (NaN, infinities) make serialisation fail: say so in JSON.
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            return #"{"error":"a value could not be written as JSON (not a finite number)"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func formatBytes(_ b: Int) -> String {
        let mb = Double(b) / 1_048_576
        return mb >= 1024 ? String(format: "%.2f GB", mb / 1024) : String(format: "%.1f MB", mb)
    }

    static func formatSeconds(_ s: Double) -> String {
        s < 1 ? String(format: "%.1f ms", s * 1000) : String(format: "%.2f s", s)
    }
}

extension Activation {
    init(cliName: String?, slope: Double?, fallback: Activation) throws {
        guard let cliName else {
            if let slope { self.init(negativeSlope: slope) } else { self = fallback }
            return
        }
        do {
            try self.init(
                name: cliName,
                negativeSlope: slope
                    ?? (cliName == "relu" ? nil : fallback.negativeSlope == 0 ? 0.01 : fallback.negativeSlope))
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
