import CGtk
import Foundation

/// A picture in memory, as a video frame: `width × height` pixels, 4 bytes each in B, G, R, A
/// order (Cairo's ARGB32 on a little-endian machine), rows `stride` bytes apart, on white.
public struct RasterFrame: Sendable {
    public let width: Int
    public let height: Int
    public let stride: Int
    public let bytes: [UInt8]

    /// Draws with the figures' renderers into a white `width × height` image.
    public static func render(width: Int, height: Int, draw: (Canvas) throws -> Void) throws -> RasterFrame {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)),
            cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
        else { throw FigureError(description: "cannot create a \(width)×\(height) frame") }
        defer { cairo_surface_destroy(surface) }
        try Figure.paint(surface, width: width, height: height, draw: draw)
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else {
            throw FigureError(description: "cannot read a frame back")
        }
        return RasterFrame(
            width: width, height: height, stride: stride,
            bytes: Array(UnsafeBufferPointer(start: data, count: stride * height)))
    }
}
