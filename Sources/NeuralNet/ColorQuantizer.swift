import Foundation

/// Splits an image's colours into at most K classes, deterministically.
///
/// An image with at most K distinct colours (by 8-bit sRGB) keeps exactly those colours as its
/// classes, so a flat-colour drawing or a palette PNG gets a perfect class map and K may come out
/// smaller than asked. Otherwise weighted k-means in CIELAB (k-means++ seeding from a fixed seed,
/// at most `maxIterations` Lloyd steps) over the image's distinct colours — a deterministic
/// subsample of them when there are very many — and then every pixel goes to its nearest centre.
/// No class is ever empty: k-means re-seeds an emptied centre on the farthest colour. Classes are ordered by pixel count, most frequent first (ties: darker
/// first), and each is shown in the mean sRGB colour of its pixels.
public enum ColorQuantizer {
    public struct Result: Sendable, Equatable {
        /// The class of each pixel, row-major from the top row.
        public let classMap: [Int]
        /// Mean sRGB colour of each class's pixels.
        public let colors: [ClassColor]
        /// Pixels in each class.
        public let counts: [Int]
    }

    public static let maxIterations = 100
    /// Above this many distinct colours k-means runs on an evenly spread subset of them.
    public static let maxDistinctForClustering = 32_768

    public static func quantize(_ image: ColorImage, classes k: Int, seed: UInt64 = 0) -> Result {
        precondition(k >= 1, "at least one class")
        let n = image.pixelCount
        // 8-bit keys: what "the same colour" means for a PNG, and a cheap histogram.
        var keys = [UInt32](repeating: 0, count: n)
        image.rgb.withUnsafeBufferPointer { rgb in
            for p in 0..<n {
                keys[p] = byte(rgb[3 * p]) << 16 | byte(rgb[3 * p + 1]) << 8 | byte(rgb[3 * p + 2])
            }
        }
        var histogram: [UInt32: Int] = [:]
        for key in keys { histogram[key, default: 0] += 1 }
        // Sorted so that nothing depends on the dictionary's (per-process) order.
        let distinct = histogram.keys.sorted()

        var classOfKey: [UInt32: Int] = [:]
        if distinct.count <= k {
            for (i, key) in distinct.enumerated() { classOfKey[key] = i }
        } else {
            var sample = distinct
            if distinct.count > maxDistinctForClustering {
                let stride = Double(distinct.count) / Double(maxDistinctForClustering)
                sample = (0..<maxDistinctForClustering).map { distinct[Int(Double($0) * stride)] }
            }
            let points = sample.map(lab)
            let weights = sample.map { Double(histogram[$0] ?? 0) }
            let centres = kMeans(points: points, weights: weights, k: k, seed: seed)
            for key in distinct { classOfKey[key] = nearest(lab(key), centres) }
        }
        let used = classOfKey.values.max().map { $0 + 1 } ?? 0
        var classMap = keys.map { classOfKey[$0] ?? 0 }

        var counts = [Int](repeating: 0, count: used)
        var sums = [Double](repeating: 0, count: 3 * used)
        var lumaSums = [Double](repeating: 0, count: used)
        for p in 0..<n {
            let c = classMap[p]
            counts[c] += 1
            for ch in 0..<3 { sums[3 * c + ch] += image.rgb[3 * p + ch] }
            lumaSums[c] += image.grey.pixels[p]
        }
        // Most frequent first; equal counts darker first, then by the earlier index. A centre that
        // k-means left without pixels (only possible when it stopped at the iteration cap) is dropped.
        let order = (0..<used).filter { counts[$0] > 0 }.sorted { a, b in
            if counts[a] != counts[b] { return counts[a] > counts[b] }
            let la = lumaSums[a] / Double(counts[a])
            let lb = lumaSums[b] / Double(counts[b])
            return la != lb ? la < lb : a < b
        }
        var rank = [Int](repeating: 0, count: used)
        for (r, c) in order.enumerated() { rank[c] = r }
        for p in 0..<n { classMap[p] = rank[classMap[p]] }
        let colors = order.map { c in
            let m = Double(counts[c])
            return ClassColor(r: sums[3 * c] / m, g: sums[3 * c + 1] / m, b: sums[3 * c + 2] / m)
        }
        return Result(classMap: classMap, colors: colors, counts: order.map { counts[$0] })
    }

    @inline(__always)
    private static func byte(_ v: Double) -> UInt32 {
        UInt32(min(255, max(0, (v * 255).rounded())))
    }

    // MARK: k-means

    /// Weighted Lloyd iterations from k-means++ seeds. Every centre keeps at least one point: an
    /// emptied centre moves to the point farthest from its own centre. Needs more points than k.
    static func kMeans(points: [SIMD3<Double>], weights: [Double], k: Int, seed: UInt64) -> [SIMD3<Double>] {
        var rng = SeededGenerator(seed: seed)
        // The heaviest colour first, so the seed only steers the later picks.
        var first = 0
        for i in points.indices where weights[i] > weights[first] { first = i }
        var centres = [points[first]]
        var d2 = points.map { distance2($0, points[first]) }
        while centres.count < k {
            let total = zip(d2, weights).reduce(0) { $0 + $1.0 * $1.1 }
            var pick = 0
            if total > 0 {
                var target = rng.unit() * total
                for i in points.indices {
                    target -= d2[i] * weights[i]
                    pick = i
                    if target < 0 && d2[i] > 0 { break }
                }
            }
            if d2[pick] == 0 { pick = d2.indices.max { d2[$0] < d2[$1] } ?? 0 }
            centres.append(points[pick])
            for i in points.indices { d2[i] = min(d2[i], distance2(points[i], points[pick])) }
        }

        var assignment = [Int](repeating: -1, count: points.count)
        for _ in 0..<maxIterations {
            var changed = false
            for i in points.indices {
                let c = nearest(points[i], centres)
                if c != assignment[i] {
                    assignment[i] = c
                    changed = true
                }
            }
            changed = fillEmpty(&centres, &assignment, points) || changed
            guard changed else { break }
            var sums = [SIMD3<Double>](repeating: .zero, count: k)
            var mass = [Double](repeating: 0, count: k)
            for i in points.indices {
                sums[assignment[i]] += weights[i] * points[i]
                mass[assignment[i]] += weights[i]
            }
            for c in 0..<k where mass[c] > 0 { centres[c] = sums[c] / mass[c] }
        }
        return centres
    }

    /// Moves each empty centre onto the point farthest from its centre (taken from a cluster that
    /// has more than one point), so that point — at distance 0 — is assigned to it.
    private static func fillEmpty(
        _ centres: inout [SIMD3<Double>], _ assignment: inout [Int], _ points: [SIMD3<Double>]
    ) -> Bool {
        var moved = false
        while true {
            var sizes = [Int](repeating: 0, count: centres.count)
            for a in assignment { sizes[a] += 1 }
            guard let empty = sizes.firstIndex(of: 0) else { return moved }
            var far = -1
            var farDistance = -1.0
            for i in points.indices where sizes[assignment[i]] > 1 {
                let d = distance2(points[i], centres[assignment[i]])
                if d > farDistance {
                    farDistance = d
                    far = i
                }
            }
            guard far >= 0 else { return moved }
            centres[empty] = points[far]
            assignment[far] = empty
            moved = true
        }
    }

    /// The closest centre; the lowest index on a tie.
    @inline(__always)
    static func nearest(_ p: SIMD3<Double>, _ centres: [SIMD3<Double>]) -> Int {
        var best = 0
        var bestDistance = Double.infinity
        for (c, centre) in centres.enumerated() {
            let d = distance2(p, centre)
            if d < bestDistance {
                bestDistance = d
                best = c
            }
        }
        return best
    }

    @inline(__always)
    private static func distance2(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double {
        let d = a - b
        return (d * d).sum()
    }

    // MARK: CIELAB

    /// CIELAB (D65) of an 8-bit sRGB key.
    static func lab(_ key: UInt32) -> SIMD3<Double> {
        lab(r: Double(key >> 16 & 0xFF) / 255, g: Double(key >> 8 & 0xFF) / 255, b: Double(key & 0xFF) / 255)
    }

    /// CIELAB (D65 white) of an sRGB colour with components in [0, 1].
    public static func lab(r: Double, g: Double, b: Double) -> SIMD3<Double> {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        let (lr, lg, lb) = (linear(r), linear(g), linear(b))
        let x = (0.412_456_4 * lr + 0.357_576_1 * lg + 0.180_437_5 * lb) / 0.950_47
        let y = 0.212_672_9 * lr + 0.715_152_2 * lg + 0.072_175_0 * lb
        let z = (0.019_333_9 * lr + 0.119_192_0 * lg + 0.950_304_1 * lb) / 1.088_83
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        let (fx, fy, fz) = (f(x), f(y), f(z))
        return SIMD3(116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
    }
}
