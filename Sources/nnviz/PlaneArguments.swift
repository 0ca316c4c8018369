import Drawing
import Foundation
import NeuralNet

/// `--points DATA` with `--through I,J,K` (or `--plane O,U,V`): the plane through three rows of a
/// points file, on which a network with any number of inputs is drawn exactly.
struct PlaneArguments {
    let slice: PlaneSlice
    /// The rows of the points file the anchors are, in order.
    let rows: [Int]
    let pointsPath: String
    /// "through" (origin at the anchors' centroid) or "plane" (origin at the first row).
    let form: String
    let labels: [String]?

    init(points path: String, through: String?, plane: String?) throws {
        let form = through != nil ? "through" : "plane"
        let rows = try Self.rows(through ?? plane ?? "", option: "--\(form)")
        let points = try CLI.points(path, rows: rows, option: "--\(form)")
        let (a, b, c) = (points.rows[rows[0]], points.rows[rows[1]], points.rows[rows[2]])
        slice = try through != nil ? PlaneSlice(through: a, b, c) : PlaneSlice(origin: a, towardsU: b, towardsV: c)
        self.rows = rows
        self.pointsPath = path
        self.form = form
        self.labels = points.labels.map { labels in rows.map { labels[$0] } }
    }

    /// Three distinct non-negative row indices, "I,J,K".
    static func rows(_ text: String, option: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard parts.count == 3, let i = parts[0], let j = parts[1], let k = parts[2], min(i, j, k) >= 0 else {
            throw ModelError.invalidPlane("\(option) takes three row indices I,J,K (0-based), not '\(text)'")
        }
        return [i, j, k]
    }

    /// "row 12 (7)" when the points file has labels, else "row 12".
    var anchorNames: [String] {
        rows.indices.map { n in
            labels.map { "row \(rows[n]) (\($0[n]))" } ?? "row \(rows[n])"
        }
    }

    var markers: [AnchorMarker] {
        zip(slice.anchorCoordinates, anchorNames).map { AnchorMarker(x: $0[0], y: $0[1], label: $1) }
    }

    var json: [String: Any] {
        [
            "points": pointsPath, "form": form, "rows": rows, "origin": slice.origin, "u": slice.u, "v": slice.v,
            "anchors": slice.anchorCoordinates, "labels": labels as Any? ?? NSNull(),
        ]
    }
}
