import AppCore
import Drawing
import Foundation
import GtkKit
import NeuralNet

/// The core's hop to the main thread: GLib's main loop.
struct GLibScheduler: MainScheduler {
    func post(_ work: @escaping @MainActor @Sendable () -> Void) { runOnMain(work) }
}

/// Images through gdk-pixbuf (PNG, JPEG, GIF, BMP, TIFF, WebP).
public struct PixbufImageSource: ImageSource {
    public init() {}
    public func loadColor(path: String, maxSide: Int) throws -> ColorImage {
        try ImageLoader.loadColor(URL(fileURLWithPath: path), maxSide: maxSide)
    }
}
