/// How regions are coloured in the map and on the surface.
public enum RegionColoring: Int, CaseIterable, Sendable {
    case pattern, slope, logit
    public var title: String { ["Activation pattern", "Slope ‖∇z‖", "Logit z"][rawValue] }
}

/// What the region map draws over the regions.
public struct ViewOptions: Equatable, Sendable {
    public var coloring = RegionColoring.pattern
    public var showEdges = true
    public var edgesByLayer = false
    public var showBoundary = true
    public var showPixels = false
    public var pixelOpacity = 0.5
    public init() {}
}

/// The 3-D surface's camera: degrees about the vertical axis and above the plane, and zoom.
public struct SurfaceCamera: Equatable, Sendable {
    public var azimuth = -55.0
    public var elevation = 32.0
    public var zoom = 1.0
    public init() {}

    public static let elevationRange = 2.0...89.0
    public static let zoomRange = 0.3...8.0
}
