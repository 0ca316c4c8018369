import Foundation

/// Points of a network's input space, one per row: a `.npy` array (float32/float64, 2-D, C order),
/// a `.csv` (one row per point, an optional header, an optional last column named `label`) or a
/// `.safetensors` file holding one 2-D tensor. Used to pick the anchors of a `PlaneSlice`.
public struct PointsFile: Sendable {
    public var rows: [[Double]]
    /// The `label` column of a CSV, if it has one.
    public var labels: [String]?

    public var dimension: Int { rows.first?.count ?? 0 }

    public init(rows: [[Double]], labels: [String]? = nil) {
        self.rows = rows
        self.labels = labels
    }

    public init(contentsOf url: URL) throws {
        let data = try SafetensorsFile.read(url)
        switch url.pathExtension.lowercased() {
        case "npy": try self.init(npy: data)
        case "csv": try self.init(csv: data)
        case "safetensors": try self.init(safetensors: SafetensorsFile(data: data))
        default:
            throw ModelError.badPoints("\(url.lastPathComponent) is not a .npy, .csv or .safetensors file")
        }
        guard !rows.isEmpty, dimension > 0 else {
            throw ModelError.badPoints("\(url.lastPathComponent) holds no points")
        }
        if let bad = rows.firstIndex(where: { !$0.allSatisfy(\.isFinite) }) {
            throw ModelError.badPoints("row \(bad) of \(url.lastPathComponent) has a NaN or infinite coordinate")
        }
    }

    /// NumPy's format: magic, version, a little-endian header length, a Python dict literal, the data.
    public init(npy data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw ModelError.badPoints("not a .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let lengthBytes = major == 1 ? 2 : 4
        guard (1...3).contains(major), bytes.count >= 8 + lengthBytes else {
            throw ModelError.badPoints(".npy version \(major) is not 1, 2 or 3")
        }
        var headerLength = 0
        for i in 0..<lengthBytes { headerLength |= Int(bytes[8 + i]) << (8 * i) }
        let start = 8 + lengthBytes
        guard start + headerLength <= bytes.count,
            let header = String(bytes: bytes[start..<(start + headerLength)], encoding: .utf8)
        else {
            throw ModelError.badPoints(".npy header runs past the end of the file")
        }
        func field(_ key: String) -> String? {
            guard let k = header.range(of: "'\(key)':") else { return nil }
            let rest = header[k.upperBound...].drop { $0 == " " }
            if rest.first == "(" {
                guard let close = rest.firstIndex(of: ")") else { return nil }
                return String(rest[rest.startIndex...close])
            }
            return String(rest.prefix { $0 != "," && $0 != "}" }).trimmingCharacters(in: .whitespaces)
        }
        guard let descr = field("descr"), let order = field("fortran_order"), let shapeText = field("shape") else {
            throw ModelError.badPoints(".npy header lacks descr, fortran_order or shape")
        }
        let dtype: TensorDType
        switch descr.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) {
        case "<f8": dtype = .f64
        case "<f4": dtype = .f32
        default:
            throw ModelError.badPoints("\(descr) in the .npy file (points must be little-endian float32 or float64)")
        }
        guard order == "False" else { throw ModelError.badPoints(".npy array is in Fortran order; save it in C order") }
        let shape = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() ")).split(separator: ",").map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard shape.count == 2, let n = shape[0], let d = shape[1], n >= 0, d >= 0 else {
            throw ModelError.badPoints(
                ".npy array has shape \(shapeText); points need a 2-D array (points, dimensions)")
        }
        let (count, overflow) = n.multipliedReportingOverflow(by: d)
        let body = start + headerLength
        guard !overflow, count <= (bytes.count - body) / dtype.byteSize, count * dtype.byteSize == bytes.count - body
        else {
            throw ModelError.badPoints(
                ".npy array of shape (\(n), \(d)) does not match the \(bytes.count - body) data bytes")
        }
        let values: [Double] = bytes.withUnsafeBytes { raw in
            (0..<count).map { i in
                let offset = body + i * dtype.byteSize
                if dtype == .f64 {
                    return Double(
                        bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                }
                return Double(
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
            }
        }
        self.rows = (0..<n).map { Array(values[($0 * d)..<($0 * d + d)]) }
        self.labels = nil
    }

    /// Comma-separated numbers; a first line with a field that is not a number is a header, and a
    /// header whose last field is `label` makes that column labels rather than a coordinate.
    public init(csv data: Data) throws {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelError.badPoints("CSV is not UTF-8 text")
        }
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.enumerated().map {
            (
                number: $0.offset + 1,
                fields: $0.element.split(separator: ",", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
            )
        }
        lines.removeAll { $0.fields.allSatisfy(\.isEmpty) }
        guard let first = lines.first else { throw ModelError.badPoints("CSV has no rows") }
        var hasLabel = false
        if first.fields.contains(where: { Double($0) == nil }) {
            hasLabel = first.fields.last?.lowercased() == "label"
            lines.removeFirst()
        }
        var rows: [[Double]] = []
        var labels: [String] = []
        let width = lines.first?.fields.count ?? 0
        for line in lines {
            guard line.fields.count == width else {
                throw ModelError.badPoints("CSV line \(line.number) has \(line.fields.count) fields, not \(width)")
            }
            let coordinates = hasLabel ? line.fields.dropLast() : line.fields[...]
            var row: [Double] = []
            for (column, field) in coordinates.enumerated() {
                guard let v = Double(field) else {
                    throw ModelError.badPoints(
                        "CSV line \(line.number) column \(column + 1): '\(field)' is not a number")
                }
                row.append(v)
            }
            rows.append(row)
            if hasLabel { labels.append(line.fields.last!) }
        }
        self.rows = rows
        self.labels = hasLabel ? labels : nil
    }

    /// The file's one 2-D tensor.
    public init(safetensors file: SafetensorsFile) throws {
        let matrices = file.tensors.filter { $0.value.shape.count == 2 }
        guard matrices.count == 1, let (name, t) = matrices.first else {
            throw ModelError.badPoints(
                "the points file holds \(matrices.count) 2-D tensors (\(matrices.keys.sorted().joined(separator: ", "))); it needs exactly one"
            )
        }
        guard t.storedAs.isFloatingPoint else {
            throw ModelError.badPoints("\(t.storedAs.rawValue) for tensor '\(name)' (points must be floating point)")
        }
        let d = t.shape[1]
        self.rows = (0..<t.shape[0]).map { Array(t.values[($0 * d)..<($0 * d + d)]) }
        self.labels = nil
    }
}
