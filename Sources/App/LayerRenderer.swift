import AppCore
import CGtk
import Drawing
import Foundation
import GtkKit

/// A picture rendered off the main thread: a Cairo image surface the main thread only paints.
final class RasterLayer: @unchecked Sendable {
    let surface: OpaquePointer
    let key: String
    let width: Int
    let height: Int
    /// How long the rendering took, for the benchmark.
    let milliseconds: Double

    init(surface: OpaquePointer, key: String, width: Int, height: Int, milliseconds: Double) {
        self.surface = surface
        self.key = key
        self.width = width
        self.height = height
        self.milliseconds = milliseconds
    }

    deinit { cairo_surface_destroy(surface) }

    /// Paints the layer at the origin of `cr`.
    func paint(_ cr: OpaquePointer) {
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_paint(cr)
    }
}

/// Renders layers whose cost grows with the face count on a thread of its own, newest request
/// first: while it works the view keeps painting the last complete layer, and requests that were
/// overtaken before they started are never drawn. The drawing closures get immutable values only
/// (partitions, styles, frames), so they can run anywhere.
final class LayerRenderer: @unchecked Sendable {
    typealias Draw = @Sendable (Canvas) -> Void
    typealias Deliver = @MainActor @Sendable (RasterLayer) -> Void
    private struct Job: Sendable {
        var key: String
        var width: Int
        var height: Int
        var draw: Draw
        var deliver: Deliver
    }

    private let queue = NewestJobQueue<Job>()

    init(name: String) {
        BackgroundThread.start(name: name) { [self] in loop() }
    }

    /// Renders `draw` into a `width × height` layer and hands it to `deliver` on the main thread,
    /// unless a newer request arrives before this one starts.
    func request(key: String, width: Int, height: Int, _ draw: @escaping Draw, deliver: @escaping Deliver) {
        queue.submit(Job(key: key, width: max(1, width), height: max(1, height), draw: draw, deliver: deliver))
    }

    func stop() { queue.stop() }

    private func loop() {
        while let job = queue.take() {
            let start = ContinuousClock.now
            guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(job.width), Int32(job.height))
            else {
                continue
            }
            if let cr = cairo_create(surface) {
                job.draw(Canvas(cr: cr, width: Double(job.width), height: Double(job.height)))
                cairo_destroy(cr)
            }
            cairo_surface_flush(surface)
            let d = ContinuousClock.now - start
            let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15
            let layer = RasterLayer(
                surface: surface, key: job.key, width: job.width, height: job.height, milliseconds: ms)
            runOnMain { [self, deliver = job.deliver] in
                // A layer finished after the view was torn down must not reach its widget.
                if !queue.isStopped { deliver(layer) }
            }
        }
    }
}
