import Foundation

/// What a regions figure draws besides the regions, so that a figure exported from the window
/// shows what the window shows (edges by layer, the boundary off, the pixels underneath). The
/// defaults are the command line's figure.
public struct RegionFigureOptions {
    public var showEdges = true
    public var edgesByLayer = false
    public var showBoundary = true
    /// Drawn under the regions, clipped to the plot, in the plot's frame (the training pixels).
    public var underlay: ((Canvas, PlotFrame) -> Void)?
    /// How much of the underlay shows through the regions (0 regions opaque, 1 underlay only).
    public var underlayOpacity = 0.5

    public init() {}
}
