import Foundation
import NeuralNet

/// `--points DATA --through I,J`: the line through two rows of a points file, along which a
/// network with any number of inputs is sliced exactly.
struct LineArguments {
    let start: [Double]
    let end: [Double]
    /// The rows of the points file the two points are, in order.
    let rows: [Int]
    let pointsPath: String
    let labels: [String]?

    init(points path: String, rows: [Int]) throws {
        let points = try CLI.points(path, rows: rows, option: "--through")
        start = points.rows[rows[0]]
        end = points.rows[rows[1]]
        self.rows = rows
        pointsPath = path
        labels = points.labels.map { labels in rows.map { labels[$0] } }
    }

    /// Two distinct non-negative row indices, "I,J"; nil when the text is not two numbers.
    static func rows(_ text: String) throws -> [Int]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard parts.count == 2 else { return nil }
        guard let i = parts[0], let j = parts[1], min(i, j) >= 0 else {
            throw ModelError.invalidPlane("--through takes two row indices I,J (0-based) for a line, not '\(text)'")
        }
        return [i, j]
    }

    /// "row 12 (7)" when the points file has labels, else "row 12".
    var anchorNames: [String] {
        rows.indices.map { n in labels.map { "row \(rows[n]) (\($0[n]))" } ?? "row \(rows[n])" }
    }
}
