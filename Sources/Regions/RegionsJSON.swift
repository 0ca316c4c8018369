import Foundation
import NeuralNet

/// Writes a partition as JSON:
/// `{"bounds":[x0,x1,y0,y1], "outputs":K, "decision_regions":…, "faces":[{"polygon":[[x,y],…],
/// "pattern":[[0,1,…],…], "logit":[a,b,c], "area":…}], "boundary":[[[x,y],…],…],
/// "boundary_classes":[[a,b],…]}` with every Double in its shortest round-trip form,
/// streamed in chunks (a large partition is hundreds of megabytes) to a temporary file that is
/// renamed into place only when complete. With K > 1 outputs each face also has
/// `"outputs":[[a,b,c],…]` (all K maps; `"logit"` stays output 0's), and each boundary polyline
/// its two classes in `"boundary_classes"`.
public enum RegionsJSON {
    public static func write(_ p: Partition, to url: URL) throws {
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        guard FileManager.default.createFile(atPath: tmp.path, contents: nil) else {
            throw ModelError.io("cannot create \(tmp.path)")
        }
        do {
            let handle = try FileHandle(forWritingTo: tmp)
            var out = ""
            out.reserveCapacity(1 << 20)
            func flush(force: Bool = false) throws {
                if force || out.utf8.count >= 1 << 20 {
                    try handle.write(contentsOf: Data(out.utf8))
                    out.removeAll(keepingCapacity: true)
                }
            }
            let d = p.domain
            out += "{\"bounds\":[\(d.x0),\(d.x1),\(d.y0),\(d.y1)],"
            out += "\"hidden_widths\":[\(p.hiddenWidths.map(String.init).joined(separator: ","))],"
            out += "\"activation\":\"\(p.activation.name)\",\"negative_slope\":\(p.activation.negativeSlope),"
            out += "\"outputs\":\(p.outputCount),\"decision_regions\":\(p.decisionRegions),"
            out += "\"faces\":["
            for f in 0..<p.faceCount {
                if f > 0 { out += "," }
                out += "{\"polygon\":["
                for (i, v) in p.vertexIndices(f).enumerated() {
                    if i > 0 { out += "," }
                    out += "[\(p.vertexX[v]),\(p.vertexY[v])]"
                }
                out += "],\"pattern\":["
                for (l, layer) in p.pattern(f).enumerated() {
                    if l > 0 { out += "," }
                    out += "["
                    for (k, bit) in layer.enumerated() {
                        if k > 0 { out += "," }
                        out += bit == 1 ? "1" : "0"
                    }
                    out += "]"
                }
                let m = p.logits[f]
                out += "],\"logit\":[\(m.a),\(m.b),\(m.c)]"
                if p.outputCount > 1 {
                    out += ",\"outputs\":["
                    for (k, map) in p.maps(face: f).enumerated() {
                        if k > 0 { out += "," }
                        out += "[\(map.a),\(map.b),\(map.c)]"
                    }
                    out += "]"
                }
                out += ",\"area\":\(p.areas[f])}"
                try flush()
            }
            out += "],\"boundary\":["
            for (i, line) in p.boundary.enumerated() {
                if i > 0 { out += "," }
                out += "[" + line.map { "[\($0.x),\($0.y)]" }.joined(separator: ",") + "]"
                try flush()
            }
            out += "],\"boundary_classes\":["
            out += p.boundaryClasses.map { "[\($0.a),\($0.b)]" }.joined(separator: ",")
            out += "]}\n"
            try flush(force: true)
            try handle.close()
            if rename(tmp.path, url.path) != 0 {
                throw ModelError.io(
                    "cannot move the export into place at \(url.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            if let e = error as? ModelError { throw e }
            throw ModelError.io("cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
