import Foundation
import NeuralNet
import XCTest

final class SafetensorsTests: XCTestCase {
    private func sample() throws -> ModelFile {
        let mlp = try MLP.pytorchDefault(hiddenWidths: [5, 3], activation: .leakyReLU(0.02), seed: 1)
        return ModelFile(mlp: mlp, domain: Domain(x0: -1, x1: 1, y0: -0.5, y1: 0.5))
    }

    /// Builds a file from a header object and raw data, as another tool might.
    private func file(header: String, data: [UInt8] = [], claimedLength: UInt64? = nil) -> Data {
        var out = Data()
        var len = (claimedLength ?? UInt64(header.utf8.count)).littleEndian
        withUnsafeBytes(of: &len) { out.append(contentsOf: $0) }
        out.append(contentsOf: Array(header.utf8))
        out.append(contentsOf: data)
        return out
    }

    private func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    }

    private func assertRefused(_ data: Data, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ModelFile(safetensors: SafetensorsFile(data: data)), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssert(
                message.contains(expected), "message '\(message)' should mention '\(expected)'", file: file, line: line)
            XCTAssertFalse(message.contains("\n"), "one line", file: file, line: line)
        }
    }

    func testRoundTripF32AndF64() throws {
        let model = try sample()
        for dtype in [TensorDType.f32, .f64] {
            let data = try model.safetensors.serialized(as: dtype)
            let back = try ModelFile(safetensors: SafetensorsFile(data: data))
            XCTAssertEqual(back.domain, model.domain)
            XCTAssertEqual(back.mlp.activation, model.mlp.activation)
            XCTAssertEqual(back.mlp.hiddenWidths, [5, 3])
            for (a, b) in zip(back.mlp.layers, model.mlp.layers) {
                for (u, v) in zip(a.weight, b.weight) {
                    XCTAssertEqual(u, dtype == .f64 ? v : Double(Float(v)))
                }
            }
            let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            XCTAssertEqual((8 + headerLength) % 8, 0, "header padded so tensors stay aligned")
        }
    }

    func testAtomicWriteToDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-model-\(getpid()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try sample().write(to: url)
        XCTAssertEqual(try ModelFile(contentsOf: url).mlp.hiddenWidths, [5, 3])
        XCTAssertThrowsError(try sample().write(to: URL(fileURLWithPath: "/nonexistent-dir/m.safetensors")))
    }

    func testReadsPrefixedHalfAndBFloatTensors() throws {
        // net.0: 1×2 weight in F16, bias in BF16; net.2: 1×1 in F32.
        let f16: [UInt16] = [0x3C00, 0xC000]  // 1.0, -2.0
        let bf16: [UInt16] = [0x3F00]  // 0.5
        var bytes: [UInt8] = []
        for h in f16 + bf16 { bytes += [UInt8(h & 0xFF), UInt8(h >> 8)] }
        bytes += floats([3, 0.25])
        let header = """
            {"net.0.weight":{"dtype":"F16","shape":[1,2],"data_offsets":[0,4]},"net.0.bias":{"dtype":"BF16","shape":[1],"data_offsets":[4,6]},\
            "net.2.weight":{"dtype":"F32","shape":[1,1],"data_offsets":[6,10]},"net.2.bias":{"dtype":"F32","shape":[1],"data_offsets":[10,14]},\
            "__metadata__":{"activation":"relu","domain":"0,2,-1,1"}}
            """
        let model = try ModelFile(safetensors: SafetensorsFile(data: file(header: header, data: bytes)))
        XCTAssertEqual(model.mlp.layers[0].weight, [1, -2])
        XCTAssertEqual(model.mlp.layers[0].bias, [0.5])
        XCTAssertEqual(model.domain, Domain(x0: 0, x1: 2, y0: -1, y1: 1))
        XCTAssertEqual(model.mlp.logit(1, 0), 3 * 1.5 + 0.25)
    }

    func testMalformedFilesAreRefusedWithOneLineReasons() {
        let w =
            #""0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}"#
        let data = floats([1, 2, 3])
        assertRefused(Data([1, 2, 3]), "too short")
        assertRefused(file(header: "{\(w)}", data: data, claimedLength: 1 << 40), "past the end")
        assertRefused(file(header: "{\(w)", data: data), "JSON")
        assertRefused(file(header: "[1,2]", data: data), "header")
        assertRefused(
            file(header: #"{"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,80]}}"#, data: data),
            "out of range")
        assertRefused(
            file(header: #"{"0.weight":{"dtype":"I64","shape":[1,2],"data_offsets":[0,16]}}"#, data: data + data), "I64"
        )
        assertRefused(
            file(header: #"{"0.weight":{"dtype":"F32","shape":[1,3],"data_offsets":[0,8]}}"#, data: data),
            "needs 12 bytes")
        assertRefused(
            file(
                header:
                    #"{"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                data: data), "overlap")
        assertRefused(
            file(header: #"{"0.weight":{"dtype":"F32","shape":[1,-2],"data_offsets":[0,8]}}"#, data: data),
            "non-negative")
        // Shapes that do not chain, wrong input and output sizes.
        let three = floats([1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0])
        assertRefused(
            file(
                header:
                    #"{"0.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]},"2.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[24,32]}}"#,
                data: three + floats([0, 0, 0, 0])), "do not chain")
        assertRefused(
            file(
                header:
                    #"{"0.weight":{"dtype":"F32","shape":[1,3],"data_offsets":[0,12]},"2.weight":{"dtype":"F32","shape":[1,1],"data_offsets":[12,16]}}"#,
                data: data + floats([1])), "--points DATA --through I,J,K")
        assertRefused(
            file(header: #"{"0.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]}}"#, data: three),
            "no hidden layer")
        assertRefused(file(header: "{\(w)}", data: floats([.nan, 2, 3])), "non-finite")
        assertRefused(file(header: "{\(w)}", data: floats([.infinity, 2, 3])), "non-finite")
        assertRefused(
            file(header: "{\(w),\"__metadata__\":{\"activation\":\"gelu\"}}", data: data),
            "unsupported activation 'gelu'")
        assertRefused(file(header: "{\(w),\"__metadata__\":{\"domain\":\"1,0,0,1\"}}", data: data), "domain")
        assertRefused(
            file(
                header: "{\(w),\"optimizer.state\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[12,12]}}",
                data: data), "tensor 'optimizer.state' is not a parameter of a Linear or BatchNorm1d")
        assertRefused(
            file(header: #"{"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: data), "no weight")
        assertRefused(file(header: "{}", data: []), "no tensors")
    }

    func testHeaderWithHugeDimensionsDoesNotAllocate() {
        let header = #"{"0.weight":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#
        assertRefused(file(header: header, data: floats([1, 2])), "larger than the file")
    }
}
