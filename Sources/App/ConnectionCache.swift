import CGtk
import Drawing
import Foundation
import NeuralNet

/// The network view's connections as a finished picture, kept between renders: they depend on
/// the network, the size and the threshold, not on the hovered point or neuron, and thousands of
/// them cost a fifth of a second at 64 × 4. Used only on the render thread.
final class ConnectionCache: @unchecked Sendable {
    private var key = ""
    private var network: MLP?
    private var surface: OpaquePointer?

    deinit { if let surface { cairo_surface_destroy(surface) } }

    /// Paints the connections for `key` and `mlp` onto `c`, drawing them first when they changed.
    func paint(
        _ c: Canvas, key: String, mlp: MLP, width: Int, height: Int, draw: (Canvas) -> Void
    ) {
        if surface == nil || key != self.key || mlp != network {
            if let surface { cairo_surface_destroy(surface) }
            surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
            if let surface, let cr = cairo_create(surface) {
                let layer = Canvas(cr: cr, width: Double(width), height: Double(height))
                layer.textScale = c.textScale
                draw(layer)
                cairo_destroy(cr)
                cairo_surface_flush(surface)
            }
            self.key = key
            network = mlp
        }
        guard let surface else { return }
        cairo_set_source_surface(c.cr, surface, 0, 0)
        cairo_paint(c.cr)
    }
}
