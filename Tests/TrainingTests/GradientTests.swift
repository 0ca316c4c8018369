import FastMatrix
import NeuralNet
import XCTest

final class GradientTests: XCTestCase {
    /// Mean BCE of a double-precision network on a batch: the reference for finite differences.
    private func loss(_ mlp: MLP, _ pts: [Float], _ labels: [Float]) -> Double {
        var s = 0.0
        for i in labels.indices {
            let z = mlp.logit(Double(pts[2 * i]), Double(pts[2 * i + 1]))
            let y = Double(labels[i])
            s += max(z, 0) - z * y + log1p(exp(-abs(z)))
        }
        return s / Double(labels.count)
    }

    private func batch(_ n: Int, seed: UInt64) -> ([Float], [Float]) {
        var rng = SeededGenerator(seed: seed)
        let pts = (0..<(2 * n)).map { _ in Float(rng.symmetric(1)) }
        let labels: [Float] = (0..<n).map { i in
            let x = pts[2 * i]
            let y = pts[2 * i + 1]
            return x * x + y > 0.2 ? 1 : 0
        }
        return (pts, labels)
    }

    func testGradientsMatchFiniteDifferences() throws {
        let cases: [(MatrixEngine, Activation)] = [
            (PortableMatrixEngine(), .leakyReLU(0.1)), (OpenBLASMatrixEngine(), .relu),
            (OpenBLASMatrixEngine(), .leakyReLU(0.02)),
        ]
        for (engine, activation) in cases {
            let (pts, labels) = batch(24, seed: 3)
            // The trainer's batch buffers hold min(batch size, pixels) rows: 32 pixels hold 24.
            let data = Dataset(image: GreyImage(width: 8, height: 4, pixels: .init(repeating: 0.3, count: 32)))
            let config = TrainingConfig(hiddenWidths: [6, 5], activation: activation, batchSize: 64, seed: 11)
            let t = try Trainer(dataset: data, config: config, engine: engine)
            let (l, gw, gb) = t.lossAndGradients(points: pts, labels: labels)
            let mlp = t.mlp
            XCTAssertEqual(l, loss(mlp, pts, labels), accuracy: 1e-5)
            let h = 1e-6
            var worst = 0.0
            for layer in mlp.layers.indices {
                for i in 0..<(mlp.layers[layer].weight.count + mlp.layers[layer].bias.count) {
                    var plus = mlp
                    var minus = mlp
                    let isBias = i >= mlp.layers[layer].weight.count
                    let j = isBias ? i - mlp.layers[layer].weight.count : i
                    if isBias {
                        plus.layers[layer].bias[j] += h
                        minus.layers[layer].bias[j] -= h
                    } else {
                        plus.layers[layer].weight[j] += h
                        minus.layers[layer].weight[j] -= h
                    }
                    let numeric = (loss(plus, pts, labels) - loss(minus, pts, labels)) / (2 * h)
                    let analytic = Double(isBias ? gb[layer][j] : gw[layer][j])
                    worst = max(worst, abs(numeric - analytic) / max(1e-3, abs(numeric)))
                }
            }
            XCTAssertLessThan(worst, 2e-3, "\(engine.name), \(activation): analytic and numeric gradients disagree")
        }
    }

    func testEnginesAgree() {
        var rng = SeededGenerator(seed: 5)
        let blas = OpenBLASMatrixEngine()
        let portable = PortableMatrixEngine()
        for (ta, tb) in [(false, false), (false, true), (true, false), (true, true)] {
            let m = 13
            let n = 11
            let k = 17
            let a = (0..<(m * k)).map { _ in Float(rng.symmetric(1)) }
            let b = (0..<(k * n)).map { _ in Float(rng.symmetric(1)) }
            var c1 = (0..<(m * n)).map { _ in Float(rng.symmetric(1)) }
            var c2 = c1
            let lda = ta ? m : k
            let ldb = tb ? k : n
            blas.gemm(
                transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.7, a: a, lda: lda, b: b, ldb: ldb, beta: 0.3, c: &c1,
                ldc: n)
            portable.gemm(
                transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.7, a: a, lda: lda, b: b, ldb: ldb, beta: 0.3, c: &c2,
                ldc: n)
            for i in c1.indices { XCTAssertEqual(c1[i], c2[i], accuracy: 1e-4, "transA \(ta) transB \(tb)") }
        }
    }
}
