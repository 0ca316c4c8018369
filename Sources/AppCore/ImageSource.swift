import NeuralNet

/// Reads an image file in colour (alpha composited on white). The window passes its gdk-pixbuf
/// loader; the core itself decodes no image formats, so it needs no drawing library.
public protocol ImageSource: Sendable {
    func loadColor(path: String, maxSide: Int) throws -> ColorImage
}
