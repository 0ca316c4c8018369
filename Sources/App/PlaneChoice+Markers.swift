import AppCore
import Drawing

extension PlaneChoice {
    /// The three anchors where the map and its exported figure mark them, named "A: row 3 (0)".
    var markers: [AnchorMarker] {
        zip(slice.anchorCoordinates, anchorNames).map { AnchorMarker(x: $0[0], y: $0[1], label: $1) }
    }
}
