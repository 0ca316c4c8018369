import Foundation

/// A neuron of the diagram: layer 0 is the input, the last layer the outputs.
public struct NeuronID: Sendable, Equatable, Hashable {
    public var layer: Int
    public var index: Int
    public init(layer: Int, index: Int) {
        self.layer = layer
        self.index = index
    }
}

/// Where every neuron of a network diagram sits. A column of up to `maxCircles` neurons is a
/// column of circles, shrunk to fit; a wider one is compact: a block of square cells, one per
/// neuron, filled column by column (neuron 0 top left), so 128 or 256 neurons still each get a
/// cell the pointer can find.
public struct NetworkLayout: Sendable {
    public static let maxCircles = 64

    public struct Column: Sendable {
        public var count: Int
        public var centerX: Double
        /// Circles: the centre of neuron i is (centerX, top + i·step).
        public var top: Double
        public var step: Double
        /// Compact columns: the block's corner, its rows and the cell's side.
        public var compact: Bool
        public var blockX: Double
        public var rows: Int
        public var cell: Double

        /// The centre of neuron `i`.
        public func position(_ i: Int) -> (x: Double, y: Double) {
            guard compact else { return (centerX, top + Double(i) * step) }
            return (blockX + (Double(i / rows) + 0.5) * cell, top + (Double(i % rows) + 0.5) * cell)
        }

        /// The cell of neuron `i` (compact columns): x, y, side.
        public func cellRect(_ i: Int) -> (x: Double, y: Double, side: Double) {
            (blockX + Double(i / rows) * cell, top + Double(i % rows) * cell, cell)
        }

        var blockWidth: Double { Double((count + rows - 1) / rows) * cell }
        var blockHeight: Double { Double(rows) * cell }
    }

    public var columns: [Column]
    /// The circles' radius (shared by every circle column).
    public var radius: Double
    /// The y of the column titles.
    public var titleY: Double

    /// Lays out `widths` (inputs, hidden layers…, outputs) in a box; `top` is left free above
    /// the titles (for a figure's heading).
    public init(widths: [Int], box: (x: Double, y: Double, w: Double, h: Double), top: Double = 0) {
        titleY = box.y + top + 12
        let y = box.y + top + 20
        let h = max(box.h - top - 24, 10)
        let columnWidth = box.w / Double(max(widths.count, 1))
        let circles = widths.filter { $0 <= Self.maxCircles }.max() ?? 1
        radius = max(1.6, min(13, min(h / Double(circles) * 0.36, columnWidth * 0.16)))
        var columns: [Column] = []
        for (c, n) in widths.enumerated() {
            let cx = box.x + columnWidth * (Double(c) + 0.5)
            if n <= Self.maxCircles {
                let step = min(h / Double(max(n, 1)), radius * 3.2)
                let top = y + h / 2 - step * Double(n - 1) / 2
                columns.append(
                    Column(
                        count: n, centerX: cx, top: top, step: step, compact: false, blockX: cx, rows: n, cell: 0))
            } else {
                // Square cells in a block at most 60 % of the column wide and the full height.
                let bw = columnWidth * 0.6
                var rows = max(1, Int((Double(n) * h / bw).squareRoot().rounded(.up)))
                var cell = min(h / Double(rows), bw / Double((n + rows - 1) / rows))
                // Fewer rows when the width, not the height, limits the cell.
                while rows > 1 {
                    let r = rows - 1
                    let c2 = min(h / Double(r), bw / Double((n + r - 1) / r))
                    guard c2 > cell else { break }
                    rows = r
                    cell = c2
                }
                var col = Column(
                    count: n, centerX: cx, top: 0, step: 0, compact: true, blockX: 0, rows: rows, cell: cell)
                col.blockX = cx - col.blockWidth / 2
                col.top = y + h / 2 - col.blockHeight / 2
                columns.append(col)
            }
        }
        self.columns = columns
    }

    /// The neuron under a point: the nearest circle within reach (half the spacing, at least the
    /// radius and a few pixels), or the cell under the point.
    public func neuron(at px: Double, _ py: Double) -> NeuronID? {
        for (l, col) in columns.enumerated() where col.count > 0 {
            if col.compact {
                let u = px - col.blockX
                let v = py - col.top
                guard u >= 0, v >= 0, u < col.blockWidth, v < col.blockHeight else { continue }
                let i = Int(u / col.cell) * col.rows + Int(v / col.cell)
                if i < col.count { return NeuronID(layer: l, index: i) }
            } else {
                let reach = max(radius + 3, 6)
                guard abs(px - col.centerX) <= reach else { continue }
                let i = col.step > 0 ? Int(((py - col.top) / col.step).rounded()) : 0
                guard i >= 0, i < col.count else { continue }
                if abs(py - col.position(i).y) <= max(col.step / 2, reach) { return NeuronID(layer: l, index: i) }
            }
        }
        return nil
    }
}
