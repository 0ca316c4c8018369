import Drawing
import Foundation
import FuzzDriver
import NeuralNet

/// Any byte string is a candidate image file: loading must give a dataset or an ImageError.
nonisolated(unsafe) var scratch: String = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("input").path
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImageDataset(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    _ = FileManager.default.createFile(atPath: scratch, contents: Data(bytes: bytes, count: count))
    do {
        // 4 megapixels at most: this build decodes under AddressSanitizer without optimisation,
        // where a 24-megapixel canvas (a 55-byte GIF can declare one) takes 27 s; the size check
        // that refuses larger images is the same code at any limit.
        let grey = try ImageLoader.load(URL(fileURLWithPath: scratch), maxSide: 64, maxPixels: 4_000_000)
        let d = Dataset(image: grey, threshold: 0.5)
        precondition(d.count == grey.width * grey.height && d.positives <= d.count)
        precondition(grey.pixels.allSatisfy { $0 >= 0 && $0 <= 1 }, "grey values stay in [0, 1]")
    } catch is ImageError {
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}

@_cdecl("FuzzImageDataset_main")
public func entryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzImageDataset(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
