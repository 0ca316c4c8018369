import NeuralNet

/// Reads an image file into grey levels. The window passes its gdk-pixbuf loader; the core
/// itself decodes no image formats, so it needs no drawing library.
public protocol ImageSource: Sendable {
    func loadGrey(path: String, maxSide: Int) throws -> GreyImage
}
