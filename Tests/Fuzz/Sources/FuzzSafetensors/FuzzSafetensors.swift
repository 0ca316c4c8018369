import Foundation
import FuzzDriver
import NeuralNet

/// Any byte string is a candidate model file: parsing must answer with a model or a ModelError,
/// never crash, hang or allocate without bound.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    do {
        let model = try ModelFile(safetensors: SafetensorsFile(data: data))
        // A model that loads must evaluate and serialise again.
        _ = model.mlp.logit(0.25, -0.5)
        _ = try model.safetensors.serialized()
    } catch is ModelError {
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}

@_cdecl("FuzzSafetensors_main")
public func entryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzSafetensors(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
