import Foundation
import NeuralNet
import Regions

/// The 1-D view: the shown network's outputs along the line through two points of the map,
/// exact (`LineSlice`). The points are clicked on the map (Shift+click) or, on a plane, are two of
/// its anchors; the slice follows the network as it trains or is scrubbed.
extension AppCore {
    /// Adds a point of the line: the first of a new line after two were set.
    public func addLinePoint(_ p: Point) {
        guard p.x.isFinite, p.y.isFinite else { return }
        if lineEnds.count >= 2 {
            lineEnds = []
            lineNames = []
        }
        if lineEnds.count == 1, lineEnds[0] == p {
            return showMessage("The line needs two different points: Shift+click another point of the map.")
        }
        lineEnds.append(p)
        lineNames.append(String(format: "(%.4g, %.4g)", p.x, p.y))
        log("line point \(lineEnds.count): (\(p.x), \(p.y))")
        announce(.line)
    }

    /// The line through two anchors of the plane (0: A, 1: B, 2: C), in plane coordinates: the
    /// same line as through those two data points in the model's input space.
    public func lineThroughAnchors(_ i: Int = 0, _ j: Int = 1) {
        guard let plane, plane.anchors.indices.contains(i), plane.anchors.indices.contains(j), i != j else {
            return showMessage("Choose a plane first: the line runs through two of its anchors.")
        }
        let st = plane.slice.anchorCoordinates
        lineEnds = [Point(st[i][0], st[i][1]), Point(st[j][0], st[j][1])]
        lineNames = [plane.anchorNames[i], plane.anchorNames[j]]
        log("line through anchors \(plane.anchorNames[i]) and \(plane.anchorNames[j])")
        announce(.line)
    }

    public func clearLine() {
        guard !lineEnds.isEmpty else { return }
        lineEnds = []
        lineNames = []
        announce(.line)
    }

    /// The shown network along the line from the first point (τ = 0) to the second (τ = 1), over
    /// τ in [−0.5, 1.5]; nil until two points are set.
    public var lineSlice: LineSlice? {
        guard lineEnds.count == 2, let mlp = shownNetwork else { return nil }
        let (a, b) = (lineEnds[0], lineEnds[1])
        return try? LineSlice(GeneralNetwork(mlp), from: [a.x, a.y], to: [b.x, b.y])
    }
}
