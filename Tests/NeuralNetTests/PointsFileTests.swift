import Foundation
import NeuralNet
import XCTest

/// Points files for the anchors of a plane: .npy, .csv, .safetensors, and their one-line refusals.
final class PointsFileTests: XCTestCase {
    private func npy(
        descr: String = "<f8", fortran: String = "False", shape: String = "(2, 3)", body: [UInt8]
    )
        -> Data
    {
        var header = "{'descr': '\(descr)', 'fortran_order': \(fortran), 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var out = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        out.append(contentsOf: [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        out.append(contentsOf: Array(header.utf8) + body)
        return out
    }

    private func doubles(_ v: [Double]) -> [UInt8] {
        v.flatMap { x in withUnsafeBytes(of: x.bitPattern.littleEndian) { Array($0) } }
    }

    private func refused(_ make: () throws -> PointsFile, _ expected: String, line: UInt = #line) {
        XCTAssertThrowsError(try make(), line: line) { error in
            XCTAssert("\(error)".contains(expected), "'\(error)' should say '\(expected)'", line: line)
            XCTAssertFalse("\(error)".contains("\n"), line: line)
        }
    }

    func testNpyFloat64AndFloat32() throws {
        let p = try PointsFile(npy: npy(body: doubles([1, 2, 3, 4, 5, 6.5])))
        XCTAssertEqual(p.rows, [[1, 2, 3], [4, 5, 6.5]])
        let f: [UInt8] = [Float(0.5), -2].flatMap { x in withUnsafeBytes(of: x.bitPattern.littleEndian) { Array($0) } }
        XCTAssertEqual(try PointsFile(npy: npy(descr: "<f4", shape: "(1, 2)", body: f)).rows, [[0.5, -2]])
    }

    func testCsvWithHeaderAndLabel() throws {
        let p = try PointsFile(csv: Data("x0,x1,x2,label\n1,2,3,seven\n4, 5 ,6,one\n\n".utf8))
        XCTAssertEqual(p.rows, [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(p.labels, ["seven", "one"])
        let bare = try PointsFile(csv: Data("1,2\r\n3,4\r\n".utf8))
        XCTAssertEqual(bare.rows, [[1, 2], [3, 4]])
        XCTAssertNil(bare.labels)
    }

    func testSafetensorsMatrix() throws {
        let file = SafetensorsFile(tensors: ["x": Tensor(shape: [2, 2], values: [1, 2, 3, 4])])
        XCTAssertEqual(try PointsFile(safetensors: file).rows, [[1, 2], [3, 4]])
    }

    func testMalformedPointsAreRefused() {
        refused({ try PointsFile(npy: Data("hello world".utf8)) }, "not a .npy file")
        refused(
            { try PointsFile(npy: self.npy(fortran: "True", body: self.doubles([1, 2, 3, 4, 5, 6]))) }, "Fortran order")
        refused(
            { try PointsFile(npy: self.npy(shape: "(2, 3, 1)", body: self.doubles([1, 2, 3, 4, 5, 6]))) }, "2-D array")
        refused(
            { try PointsFile(npy: self.npy(descr: "<i8", body: self.doubles([1, 2, 3, 4, 5, 6]))) },
            "float32 or float64")
        refused({ try PointsFile(npy: self.npy(body: self.doubles([1, 2, 3]))) }, "does not match the 24 data bytes")
        refused({ try PointsFile(csv: Data("1,2\n3\n".utf8)) }, "CSV line 2 has 1 fields, not 2")
        refused({ try PointsFile(csv: Data("a,b\n1,x\n".utf8)) }, "CSV line 2 column 2: 'x' is not a number")
        refused(
            {
                try PointsFile(
                    safetensors: SafetensorsFile(tensors: [
                        "a": Tensor(shape: [1, 1], values: [1]), "b": Tensor(shape: [1, 1], values: [1]),
                    ]))
            }, "holds 2 2-D tensors (a, b)")
        refused({ try PointsFile(contentsOf: URL(fileURLWithPath: "/nonexistent/points.csv")) }, "no such file")
        refused({ try PointsFile(contentsOf: FileManager.default.temporaryDirectory) }, "is a folder")
    }
}
