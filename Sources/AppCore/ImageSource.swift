import NeuralNet

/// Reads an image file in colour (alpha composited on white). The window passes its gdk-pixbuf
/// loader; the core itself decodes no image formats, so it needs no drawing library.
/// Its errors read "path: what is wrong", as the command line prints them.
public protocol ImageSource: Sendable {
    func loadColor(path: String, maxSide: Int) throws -> ColorImage
}
