import Dispatch
import NeuralNet

extension Partition {
    /// Computes the exact partition of `domain` into the linear regions of `mlp`.
    ///
    /// Throws `PartitionError.tooManyFaces` past `limits.maxFaces` and `.cancelled` soon after
    /// `cancel` is raised from another thread.
    public static func compute(
        _ mlp: MLP, domain: Domain, limits: PartitionLimits = PartitionLimits(), cancel: CancellationToken? = nil
    ) throws -> Partition {
        guard domain.isValid else { throw PartitionError.invalidDomain(domain) }
        let widths = mlp.hiddenWidths
        let totalNeurons = widths.reduce(0, +)
        let words = max(1, (totalNeurons + 63) / 64)

        var mesh = HalfEdgeMesh(rectangle: domain.x0, domain.x1, domain.y0, domain.y1)
        var bits = [UInt64](repeating: 0, count: words)
        var facesPerLayer: [Int] = []
        var conflicts = 0
        var offset = 0
        // Layer 1 is evaluated from coordinates (LineValues); later layers are stored rows.
        var lines: LineValues? = nil
        var table: ValueTable? = nil
        var origins: VertexOrigins? = nil
        let slope = mlp.activation.negativeSlope
        // The next layer's dense product, running beside the current cut (see `overlap`).
        var pending: DenseProduct? = nil
        var pendingBytes = 0
        // The table of the layer before the one being cut, once it is free: the next pending
        // product writes into it (its pages are mapped already; fresh ones cost a page fault each).
        var spare: ValueTable? = nil
        // The outputs at the vertices from before the last cut, computed beside it.
        var pendingOutputs: DenseOutputs? = nil
        func cutLayer<V: VertexValues>(_ values: V, tolerance: ZeroTolerance) throws {
            var cutter = LayerCutter(
                values: values, tolerance: tolerance, neuronOffset: offset, wordsPerFace: words,
                maxFaces: limits.maxFaces, maxMemoryBytes: limits.maxMemoryBytes - pendingBytes,
                slope: slope, firstVertex: mesh.vertexCount, cancel: cancel)
            do {
                try cutter.cut(&mesh, bits: &bits)
            } catch {
                pending?.stop()
                pendingOutputs?.stop()
                throw error
            }
            conflicts += cutter.conflicts
            origins = cutter.origins
        }
        for l in 0..<widths.count {
            let layer = mlp.layers[l]
            let tolerance = ZeroTolerance(layer: layer)
            if l == 0 {
                let values = LineValues(layer: layer, tolerance: tolerance, slope: slope, xs: mesh.x, ys: mesh.y)
                lines = values
                try cutLayer(values, tolerance: tolerance)
            } else {
                // The dense part of the product needs rows only for the vertices older than the
                // last cut; after layer 1 that is the four corners.
                let current = lines?.table(rows: origins!.firstVertex) ?? table!
                lines = nil
                let rows = mesh.vertexCount
                if layer.outputs > current.width || current.count < rows {
                    // The product writes a second table while the current one is read.
                    let extra = rows * (layer.outputs + 1) * 8
                    guard
                        LayerCutter.footprint(
                            mesh, StoredValues(table: current, tolerance: tolerance, slope: slope), words)
                            + extra < limits.maxMemoryBytes
                    else {
                        throw PartitionError.memoryBudget(bytes: limits.maxMemoryBytes)
                    }
                }
                table = nil
                let next: ValueTable
                if let product = pending {
                    pending = nil
                    pendingBytes = 0
                    next = try LayerProduct.finish(product, rows: rows, origins: origins!, cancel: cancel)
                    spare = current
                } else {
                    next = try LayerProduct.nextLayer(
                        current, rows: rows, layer: layer, activation: mlp.activation, tolerance: tolerance,
                        origins: origins, threads: limits.threads, cancel: cancel)
                }
                table = next
                let values = StoredValues(table: next, tolerance: tolerance, slope: slope)
                // The cut runs on one thread and the next layer's dense rows are the vertices there
                // are now: a second thread computes them meanwhile, into a second table. That
                // table is memory the in-place product does not need, so only while it is small
                // (at 256 × 4 the last layers' tables are 100 MB and more: they wait for the cut).
                if l + 1 < widths.count && limits.threads >= 2 {
                    let following = mlp.layers[l + 1]
                    let bytes = next.count * ((following.outputs + 1) * 8 + 16 * ((following.outputs + 63) / 64))
                    if bytes <= Self.overlapBytes
                        && LayerCutter.footprint(mesh, values, words) + bytes < limits.maxMemoryBytes / 2
                    {
                        pendingBytes = bytes
                        pending = LayerProduct.start(
                            next, reusing: spare === next ? nil : spare, layer: following, activation: mlp.activation,
                            tolerance: ZeroTolerance(layer: following), cancel: cancel)
                    }
                }
                spare = nil
                // Beside the last cut, the outputs at the vertices there are now.
                let outputLayer = mlp.layers[widths.count]
                if l + 1 == widths.count && limits.threads >= 2
                    && DenseOutputs.bytes(rows: next.count, outputs: outputLayer.outputs) <= Self.overlapBytes
                {
                    let outputs = DenseOutputs(values: next, layer: outputLayer, activation: mlp.activation)
                    outputs.start()
                    pendingOutputs = outputs
                }
                try cutLayer(values, tolerance: tolerance)
            }
            facesPerLayer.append(mesh.faceCount)
            offset += widths[l]
        }
        let dense = lines?.table(rows: origins!.firstVertex) ?? table!
        lines = nil
        table = nil
        let outputs = mlp.outputCount
        if outputs > 1 {
            // K values per vertex and K maps per face come on top of the mesh; for one output
            // they are a small part beside it.
            let meshBytes = mesh.halfEdgeCount * 20 + mesh.vertexCount * 16 + mesh.faceCount * (12 + 8 * words)
            let outputBytes = mesh.vertexCount * 8 * (outputs + 1) + mesh.faceCount * 24 * (outputs + 1)
            guard meshBytes + outputBytes < limits.maxMemoryBytes else {
                throw PartitionError.memoryBudget(bytes: limits.maxMemoryBytes)
            }
        }
        let denseOutputs: DenseOutputs
        if let pendingOutputs {
            pendingOutputs.finish()
            denseOutputs = pendingOutputs
        } else {
            denseOutputs = DenseOutputs(values: dense, layer: mlp.layers[widths.count], activation: mlp.activation)
            denseOutputs.run(threads: limits.threads)
        }
        let (vertexOutputs, scales) = Self.outputsAtVertices(denseOutputs, origins: origins!, mlp: mlp)
        // One output needs no scales: its values are snapped to 0 and class 0 scores exactly 0.
        let ties: VertexTies? =
            outputs == 1
            ? nil : VertexTies(tolerance: TieTolerance(outputLayer: mlp.layers[widths.count]), scales: scales)

        let finish = try PartitionFinish(
            mesh: mesh, domain: domain, vertexOutputs: vertexOutputs, outputs: outputs, ties: ties,
            threads: limits.threads, cancel: cancel)
        return Partition(
            domain: domain, hiddenWidths: widths, activation: mlp.activation, mesh: mesh, outputCount: outputs,
            vertexOutputs: vertexOutputs, ties: ties, patternBits: bits, wordsPerFace: words,
            outputMaps: finish.outputMaps, areas: finish.areas, boundary: finish.boundary,
            boundaryClasses: finish.boundaryClasses, decisionRegions: finish.decisionRegions,
            facesPerLayer: facesPerLayer, numericalConflicts: conflicts, locator: finish.locator)
    }

    /// The largest second table a layer product may fill beside the cut of the layer before.
    static let overlapBytes = 64 << 20

    /// Every output at every vertex (K per vertex) from the last hidden layer's values, snapped
    /// like the cuts: a dense product for the vertices older than the last cut, and for the ones
    /// it made `(1−t) z(u) + t z(v) + Σ δ_j w_j` (see `VertexOrigins`). Also each vertex's scale
    /// (the largest |activation| feeding the outputs) that the snapping used.
    private static func outputsAtVertices(
        _ dense: DenseOutputs, origins: VertexOrigins, mlp: MLP
    ) -> (outputs: [Double], scales: [Double]) {
        let out = mlp.layers[mlp.layers.count - 1]
        let k = out.outputs
        let tolerance = ZeroTolerance(layer: out)
        let n = dense.values.width
        let total = origins.firstVertex + origins.count
        precondition(dense.rows == origins.firstVertex)
        var result = [Double](repeating: 0, count: total * k)
        var scales = [Double](repeating: 0, count: total)
        result.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: dense.result, count: dense.rows * k) }
        scales.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: dense.scales, count: dense.rows) }
        // The corrections read W by column: transposed, each is K contiguous multiply-adds.
        var columns = [Double](repeating: 0, count: n * k)
        for o in 0..<k { for j in 0..<n { columns[j * k + o] = out.weight[o * n + j] } }
        columns.withUnsafeBufferPointer { wt in
            result.withUnsafeMutableBufferPointer { r in
                origins.delta.withUnsafeBufferPointer { delta in
                    origins.neuron.withUnsafeBufferPointer { neuron in
                        var c = 0
                        for i in 0..<origins.count {
                            let u = Int(origins.u[i]) * k
                            let v = Int(origins.v[i]) * k
                            let t = origins.t[i]
                            let vertex = origins.firstVertex + i
                            let scale = max(scales[Int(origins.u[i])], scales[Int(origins.v[i])])
                            scales[vertex] = scale
                            let w = vertex * k
                            for o in 0..<k { r[w + o] = (1 - t) * r[u + o] + t * r[v + o] }
                            let e = Int(origins.ends[i])
                            while c < e {
                                let d = delta[c]
                                let col = Int(neuron[c]) * k
                                for o in 0..<k { r[w + o] += d * wt[col + o] }
                                c += 1
                            }
                            for o in 0..<k where abs(r[w + o]) <= tolerance.bound(o, scale: scale) { r[w + o] = 0 }
                        }
                    }
                }
            }
        }
        return (result, scales)
    }

    /// The planes through K outputs at a face's corners (`zs` corner-major, K per corner),
    /// appended to `maps`, sharing the corners' moments. On a face the network *is* affine and
    /// the corner values are forward-pass values, so the least-squares plane through them is the
    /// face's map; centring the coordinates keeps the fit well conditioned.
    static func planesThrough(
        _ xs: [Double], _ ys: [Double], _ zs: [Double], outputs k: Int, into maps: inout [AffineMap]
    ) {
        let m = Double(xs.count)
        var mx = 0.0
        var my = 0.0
        for i in xs.indices {
            mx += xs[i]
            my += ys[i]
        }
        mx /= m
        my /= m
        var sxx = 0.0
        var sxy = 0.0
        var syy = 0.0
        for i in xs.indices {
            let dx = xs[i] - mx
            let dy = ys[i] - my
            sxx += dx * dx
            sxy += dx * dy
            syy += dy * dy
        }
        let det = sxx * syy - sxy * sxy
        for o in 0..<k {
            var mz = 0.0
            for i in xs.indices { mz += zs[i * k + o] }
            mz /= m
            var sxz = 0.0
            var syz = 0.0
            for i in xs.indices {
                let dz = zs[i * k + o] - mz
                sxz += (xs[i] - mx) * dz
                syz += (ys[i] - my) * dz
            }
            guard det > 0 else {
                maps.append(AffineMap(a: 0, b: 0, c: mz))
                continue
            }
            let a = (sxz * syy - syz * sxy) / det
            let b = (syz * sxx - sxz * sxy) / det
            maps.append(AffineMap(a: a, b: b, c: mz - a * mx - b * my))
        }
    }

    /// Shoelace area about the first corner (keeps the terms small for small faces).
    static func polygonArea(_ xs: [Double], _ ys: [Double]) -> Double {
        let ox = xs[0]
        let oy = ys[0]
        var a2 = 0.0
        for i in 1..<(xs.count - 1) {
            a2 += (xs[i] - ox) * (ys[i + 1] - oy) - (xs[i + 1] - ox) * (ys[i] - oy)
        }
        return a2 / 2
    }
}
