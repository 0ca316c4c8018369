import Foundation

/// Element types of a safetensors file that nnviz can read. The integer types are read so that
/// PyTorch's bookkeeping tensors (BatchNorm's `num_batches_tracked`, I64) do not make a whole
/// state dict unreadable; a network parameter stored as integers is still refused by the loader.
public enum TensorDType: String, Sendable, CaseIterable {
    case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
    case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

    public var byteSize: Int {
        switch self {
        case .f64, .i64: return 8
        case .f32, .i32: return 4
        case .f16, .bf16, .i16: return 2
        case .i8, .u8, .bool: return 1
        }
    }

    /// Whether values of this type are floating point (what network parameters must be).
    public var isFloatingPoint: Bool {
        switch self {
        case .f64, .f32, .f16, .bf16: return true
        case .i64, .i32, .i16, .i8, .u8, .bool: return false
        }
    }
}

/// A tensor decoded to Double, with its shape and the dtype it was stored in.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var values: [Double]
    public var storedAs: TensorDType

    public init(shape: [Int], values: [Double], storedAs: TensorDType = .f64) {
        self.shape = shape
        self.values = values
        self.storedAs = storedAs
    }
}

/// The safetensors container format: an 8-byte little-endian header length, a JSON header
/// naming each tensor's dtype, shape and byte range, then the raw little-endian data.
/// Reading never trusts the file: every length, offset and shape is checked before use.
public struct SafetensorsFile: Sendable {
    public var metadata: [String: String]
    public var tensors: [String: Tensor]

    /// Generous but finite: a header is JSON text describing tensors, not data.
    public static let maxHeaderBytes = 100 * 1024 * 1024

    public init(metadata: [String: String] = [:], tensors: [String: Tensor] = [:]) {
        self.metadata = metadata
        self.tensors = tensors
    }

    public init(contentsOf url: URL) throws {
        try self.init(data: Self.read(url))
    }

    /// A file's bytes (mapped when safe), or a one-line `ModelError.io` saying why not. The
    /// message leaves out the file's name: every caller puts it in front.
    static func read(_ url: URL) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ModelError.io("no such file")
        }
        guard !isDirectory.boolValue else { throw ModelError.io("is a folder, not a file") }
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw ModelError.io("cannot read it: \(reason(error))")
        }
    }

    public init(data: Data) throws {
        guard data.count >= 8 else {
            throw ModelError.badHeader("file is \(data.count) bytes, too short for the 8-byte header length")
        }
        let headerLength = data.withUnsafeBytes { raw -> UInt64 in
            var v: UInt64 = 0
            for i in 0..<8 { v |= UInt64(raw[i]) << (8 * UInt64(i)) }
            return v
        }
        guard headerLength <= UInt64(data.count - 8) else {
            throw ModelError.badHeader("header length \(headerLength) runs past the end of the \(data.count)-byte file")
        }
        guard headerLength <= UInt64(Self.maxHeaderBytes) else {
            throw ModelError.badHeader("header length \(headerLength) exceeds the \(Self.maxHeaderBytes)-byte limit")
        }
        guard headerLength >= 2 else { throw ModelError.badHeader("header is empty") }
        let headerStart = data.startIndex + 8
        let headerEnd = headerStart + Int(headerLength)
        let headerData = data[headerStart..<headerEnd]
        guard headerData.first == UInt8(ascii: "{") else {
            throw ModelError.badHeader("header does not start with '{'")
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(headerData), options: [])
        } catch {
            throw ModelError.badHeader("header is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw ModelError.badHeader("header is not a JSON object")
        }
        let bufferSize = data.count - 8 - Int(headerLength)

        var metadata: [String: String] = [:]
        var entries: [(name: String, dtype: TensorDType, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in object {
            if name == "__metadata__" {
                guard let dict = value as? [String: Any] else {
                    throw ModelError.badHeader("__metadata__ is not an object")
                }
                for (k, v) in dict {
                    guard let s = v as? String else {
                        throw ModelError.badHeader("__metadata__ value for '\(k)' is not a string")
                    }
                    metadata[k] = s
                }
                continue
            }
            guard let info = value as? [String: Any] else {
                throw ModelError.badHeader("entry '\(name)' is not an object")
            }
            guard let dtypeName = info["dtype"] as? String else {
                throw ModelError.badHeader("tensor '\(name)' has no dtype")
            }
            guard let dtype = TensorDType(rawValue: dtypeName) else {
                throw ModelError.unknownDType("\(dtypeName) for tensor '\(name)'")
            }
            guard let shapeValues = info["shape"] as? [Any] else {
                throw ModelError.badHeader("tensor '\(name)' has no shape")
            }
            let shape = try shapeValues.map { try Self.nonNegativeInt($0, what: "shape of '\(name)'") }
            guard let offsets = info["data_offsets"] as? [Any], offsets.count == 2 else {
                throw ModelError.badHeader("tensor '\(name)' needs data_offsets [begin, end]")
            }
            let begin = try Self.nonNegativeInt(offsets[0], what: "data_offsets of '\(name)'")
            let end = try Self.nonNegativeInt(offsets[1], what: "data_offsets of '\(name)'")
            guard begin <= end, end <= bufferSize else {
                throw ModelError.offsetsOutOfRange(
                    "tensor '\(name)' claims bytes \(begin)..<\(end) of a \(bufferSize)-byte buffer")
            }
            var count = 1
            for d in shape {
                let (p, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow, p <= bufferSize else {
                    throw ModelError.offsetsOutOfRange("tensor '\(name)' of shape \(shape) is larger than the file")
                }
                count = p
            }
            guard count * dtype.byteSize == end - begin else {
                throw ModelError.offsetsOutOfRange(
                    "tensor '\(name)' of shape \(shape) and dtype \(dtypeName) needs \(count * dtype.byteSize) bytes but spans \(end - begin)"
                )
            }
            entries.append((name, dtype, shape, begin, end))
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        for i in entries.indices.dropFirst() where entries[i].begin < entries[i - 1].end {
            throw ModelError.offsetsOutOfRange("tensors '\(entries[i - 1].name)' and '\(entries[i].name)' overlap")
        }

        var tensors: [String: Tensor] = [:]
        let bufferStart = headerEnd
        data.withUnsafeBytes { raw in
            for e in entries {
                let base = raw.baseAddress!.advanced(by: bufferStart - data.startIndex + e.begin)
                let bytes = UnsafeRawBufferPointer(start: base, count: e.end - e.begin)
                tensors[e.name] = Tensor(shape: e.shape, values: Self.decode(bytes, e.dtype), storedAs: e.dtype)
            }
        }
        self.metadata = metadata
        self.tensors = tensors
    }

    /// Serialises with tensors in name order, each stored as `dtype` (F32 or F64), or, with nil,
    /// as its own `storedAs` (a session keeps weights in F32 and image values in F64).
    public func serialized(as dtype: TensorDType? = .f32) throws -> Data {
        let types = tensors.mapValues { dtype ?? $0.storedAs }
        for t in Set(types.values) where t != .f32 && t != .f64 {
            throw ModelError.unknownDType("\(t.rawValue) (nnviz writes F32 or F64)")
        }
        var header = "{"
        var first = true
        if !metadata.isEmpty {
            header += "\"__metadata__\":{"
            header += metadata.keys.sorted().map { "\(Self.jsonString($0)):\(Self.jsonString(metadata[$0]!))" }.joined(
                separator: ",")
            header += "}"
            first = false
        }
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            let t = tensors[name]!
            let dtype = types[name]!
            let size = t.values.count * dtype.byteSize
            if !first { header += "," }
            first = false
            header +=
                "\(Self.jsonString(name)):{\"dtype\":\"\(dtype.rawValue)\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(offset + size)]}"
            offset += size
        }
        header += "}"
        var headerBytes = Array(header.utf8)
        // Padding keeps the data 8-byte aligned, as the reference writer does.
        while headerBytes.count % 8 != 0 { headerBytes.append(UInt8(ascii: " ")) }

        var out = Data(capacity: 8 + headerBytes.count + offset)
        var len = UInt64(headerBytes.count).littleEndian
        withUnsafeBytes(of: &len) { out.append(contentsOf: $0) }
        out.append(contentsOf: headerBytes)
        for name in names {
            let values = tensors[name]!.values
            switch types[name]! {
            case .f32:
                var buf = [UInt8](repeating: 0, count: values.count * 4)
                for (i, v) in values.enumerated() {
                    let bits = Float(v).bitPattern.littleEndian
                    withUnsafeBytes(of: bits) { for j in 0..<4 { buf[i * 4 + j] = $0[j] } }
                }
                out.append(contentsOf: buf)
            default:
                var buf = [UInt8](repeating: 0, count: values.count * 8)
                for (i, v) in values.enumerated() {
                    let bits = v.bitPattern.littleEndian
                    withUnsafeBytes(of: bits) { for j in 0..<8 { buf[i * 8 + j] = $0[j] } }
                }
                out.append(contentsOf: buf)
            }
        }
        return out
    }

    private static func decode(_ bytes: UnsafeRawBufferPointer, _ dtype: TensorDType) -> [Double] {
        let n = bytes.count / dtype.byteSize
        return (0..<n).map { i in
            switch dtype {
            case .f64:
                return Double(
                    bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
            case .f32:
                return Double(
                    Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
                )
            case .f16:
                return HalfPrecision.float16(
                    UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)))
            case .bf16:
                return HalfPrecision.bfloat16(
                    UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)))
            case .i64:
                return Double(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)))
            case .i32:
                return Double(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 4, as: Int32.self)))
            case .i16:
                return Double(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 2, as: Int16.self)))
            case .i8:
                return Double(bytes.loadUnaligned(fromByteOffset: i, as: Int8.self))
            case .u8, .bool:
                return Double(bytes[i])
            }
        }
    }

    private static func nonNegativeInt(_ value: Any, what: String) throws -> Int {
        guard let n = value as? NSNumber, let i = Int(exactly: n.doubleValue), i >= 0 else {
            throw ModelError.badHeader("\(what) must hold non-negative integers")
        }
        return i
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// The operating system's words for why a file could not be read or written ("No space left on device").
    public static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
            let posix = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(posix.rawValue))
        }
        return ns.localizedDescription
    }
}

/// IEEE half and bfloat16 to Double, done on the bits so it needs no platform Float16.
enum HalfPrecision {
    static func float16(_ h: UInt16) -> Double {
        let sign: Double = (h & 0x8000) != 0 ? -1 : 1
        let exponent = Int((h >> 10) & 0x1F)
        let fraction = Double(h & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1.0p-24  // subnormal
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    static func bfloat16(_ b: UInt16) -> Double {
        Double(Float(bitPattern: UInt32(b) << 16))
    }
}
