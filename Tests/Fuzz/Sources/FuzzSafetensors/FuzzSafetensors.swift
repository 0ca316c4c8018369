import Foundation
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

// libFuzzer drives the target. SwiftPM links an executable's `main` to `<target>_main`, so that is
// the entry point here; it hands control to libFuzzer's driver (its own main is never linked).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("FuzzSafetensors_main")
public func entryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector) { data, size in fuzzSafetensors(data ?? UnsafePointer(bitPattern: 1)!, size) }
}
