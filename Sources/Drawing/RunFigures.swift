import Foundation
import NeuralNet
import Regions

/// What a figure shows: the exact partition when it fits the limit, else a labelled sample.
public struct FigureContent {
    public var mlp: MLP
    public var domain: Domain
    public var partition: Partition?
    public var sampled: SampledView?
    /// Why the figure is sampled, shown on it.
    public var sampledReason: String?
    public var dataset: Dataset?
    public var title: String
    public var subtitle: String
    /// What the outputs mean: decides the legends, the boundary and the surface's height.
    public var task: LearningTask
    /// Points marked on the regions figure (the anchors of a plane through a many-input network).
    public var markers: [AnchorMarker] = []
    /// Axis names of the regions figure ("s", "t" on a plane through a many-input network).
    public var axisLabels = (x: "x", y: "y")

    public init(
        mlp: MLP, domain: Domain, partition: Partition?, sampled: SampledView?, sampledReason: String?,
        dataset: Dataset?, title: String, subtitle: String, task: LearningTask = .binary
    ) {
        self.mlp = mlp
        self.domain = domain
        self.partition = partition
        self.sampled = sampled
        self.sampledReason = sampledReason
        self.dataset = dataset
        self.title = title
        self.subtitle = subtitle
        self.task = task
    }
}

/// The figures of a run — regions, boundary (or, for regression, the reconstruction), 3-D
/// surface — laid out for export.
public enum RunFigures {
    public static let width = 900
    public static let height = 840

    static func header(_ c: Canvas, _ title: String, _ subtitle: String) {
        c.color(Palette.ink)
        c.font(size: 19, bold: true)
        c.text(title, 40, 38)
        c.color(Palette.mutedInk)
        c.font(size: 12.5)
        c.text(subtitle, 40, 60)
    }

    static func plotFrame(_ c: Canvas, _ domain: Domain, colorBar: Bool) -> PlotFrame {
        let right = colorBar ? 150.0 : 40.0
        return PlotFrame(domain: domain, fitting: 95, 84, c.width - 95 - right, c.height - 84 - 78)
    }

    /// Draws the exact content if there is a partition, else the sample with its "SAMPLED" label;
    /// the header goes on top either way.
    static func exactOrSampled(
        _ c: Canvas, _ content: FigureContent, labelAt origin: (Double, Double),
        exact: (Partition) -> Void, sampled: (SampledView) -> Void
    ) {
        if let p = content.partition {
            exact(p)
            header(c, content.title, content.subtitle)
        } else if let s = content.sampled {
            sampled(s)
            header(c, content.title, content.subtitle)
            SampledView.label(c, content.sampledReason ?? "SAMPLED — not exact", x: origin.0, y: origin.1)
        }
    }

    /// Regions coloured by `colorMode`, thin edges, the decision boundary on top (none for
    /// regression), axes, and the mode's colour bar or class legend.
    public static func regions(
        _ c: Canvas, _ content: FigureContent, colorMode: RegionColorMode,
        options: RegionFigureOptions = RegionFigureOptions()
    ) {
        var bar = content.partition != nil ? colorMode.colorBar : nil
        let outputs = content.mlp.outputCount
        if colorMode == .reconstruction && outputs == 1 {
            bar = ColorBar(low: 0, high: 1, label: "network output", color: { RGBA($0, $0, $0) })
        }
        var legendColors: [ClassColor] = []
        if case .classTint(let colors) = colorMode { legendColors = colors }
        let layerKey = options.showEdges && options.edgesByLayer ? content.partition?.hiddenWidths.count ?? 0 : 0
        let f = plotFrame(c, content.domain, colorBar: bar != nil || !legendColors.isEmpty || layerKey > 0)
        let isRegression = content.task.kind == .regression
        if let underlay = options.underlay {
            c.save()
            c.rect(f.x, f.y, f.width, f.height)
            c.clip()
            underlay(c, f)
            c.restore()
        }
        exactOrSampled(
            c, content, labelAt: (f.x + 10, f.y + 10),
            exact: { p in
                var style = RegionMapStyle()
                style.colorMode = colorMode
                style.boundaryWidth = 2.2
                style.showBoundary = options.showBoundary && !isRegression
                style.showEdges = options.showEdges
                style.edgesByLayer = options.edgesByLayer
                if options.underlay != nil { style.faceOpacity = 1 - 0.75 * options.underlayOpacity }
                // Edges on a picture are drawn faintly: the picture is the point.
                if colorMode == .reconstruction { style.edgeWidth = 0.35 }
                RegionMapRenderer.draw(c, p, frame: f, style: style)
            },
            sampled: { s in
                s.drawRegions(c, frame: f, mode: colorMode)
                if !isRegression && outputs > 1 { s.drawBoundary(c, frame: f) }
            })
        f.drawAxes(c, xLabel: content.axisLabels.x, yLabel: content.axisLabels.y)
        AnchorMarker.draw(c, content.markers, frame: f)
        // The layer key sits at the bottom of the right margin, under a colour bar or class legend.
        var barHeight = f.height
        if layerKey > 0 {
            let height = 18 * Double(layerKey + 1)
            LayerLegend.draw(c, layers: layerKey, x: f.x + f.width + 18, y: f.y + f.height - height)
            barHeight -= height + 16
        }
        if let bar { bar.draw(c, x: f.x + f.width + 22, y: f.y, width: 18, height: max(barHeight, 40)) }
        if !legendColors.isEmpty { ClassLegend.draw(c, legendColors, x: f.x + f.width + 18, y: f.y, tinted: true) }
    }

    /// The training labels with the exact decision boundary over them: dark pixels in grey with
    /// z = 0 for binary; the class-coloured (quantised) image with the argmax boundary for
    /// classes. For regression this is the reconstruction figure.
    public static func boundary(_ c: Canvas, _ content: FigureContent) {
        if case .regression = content.task {
            reconstruction(c, content)
            return
        }
        let classes = content.task.classColors
        let f = plotFrame(c, content.domain, colorBar: !classes.isEmpty)
        if let d = content.dataset {
            if classes.isEmpty {
                ImageUnderlay.draw(c, d.image, frame: f, labels: d.labels)
            } else {
                ImageUnderlay.drawClasses(
                    c, width: d.image.width, height: d.image.height, labels: d.labels, colors: classes, frame: f,
                    lighten: 0.3)
            }
        }
        exactOrSampled(
            c, content, labelAt: (f.x + 10, f.y + 10),
            exact: { p in
                f.clipped(c) { RegionMapRenderer.drawBoundary(c, p, frame: f, width: 2.6) }
            }, sampled: { $0.drawBoundary(c, frame: f) })
        f.drawAxes(c)
        if classes.isEmpty {
            legend(c, x: f.x + f.width - 205, y: f.y + f.height + 44)
        } else {
            let h = ClassLegend.draw(c, classes, x: f.x + f.width + 18, y: f.y, tinted: false)
            c.save()
            c.lineWidth(2.6)
            for (w, col) in [(4.8, RGBA(hex: 0xD5D9E0)), (2.6, Palette.ink)] {
                c.lineWidth(w)
                c.color(col)
                c.move(f.x + f.width + 18, f.y + h + 14)
                c.line(f.x + f.width + 34, f.y + h + 14)
                c.stroke()
            }
            c.font(size: 11)
            c.color(Palette.mutedInk)
            c.text("argmax", f.x + f.width + 40, f.y + h + 18)
            c.restore()
        }
    }

    /// Regression: the training image beside the network's picture (exact per pixel from the
    /// partition, or sampled), each with its axes.
    public static func reconstruction(_ c: Canvas, _ content: FigureContent) {
        let gap = 72.0
        let panelW = (c.width - 80 - 40 - gap) / 2
        let left = PlotFrame(domain: content.domain, fitting: 80, 104, panelW, c.height - 104 - 78)
        let right = PlotFrame(domain: content.domain, fitting: 80 + panelW + gap, 104, panelW, c.height - 104 - 78)
        if let d = content.dataset {
            if let color = d.colorImage, content.mlp.outputCount >= 3 {
                ImageUnderlay.drawColor(c, width: color.width, height: color.height, rgb: color.rgb, frame: left)
            } else {
                ImageUnderlay.paint(c, width: d.image.width, height: d.image.height, frame: left) {
                    let g = d.image.pixels[$0]
                    return RGBA(g, g, g)
                }
            }
        }
        exactOrSampled(
            c, content, labelAt: (right.x + 10, right.y + 10),
            exact: { p in
                right.clipped(c) { ReconstructionFill.draw(c, p, frame: right) }
            }, sampled: { $0.drawRegions(c, frame: right, mode: .reconstruction) })
        c.save()
        c.font(size: 12.5, bold: true)
        c.color(Palette.ink)
        c.text("training image", left.x, left.y - 10)
        c.text(content.partition != nil ? "network output (exact)" : "network output (sampled)", right.x, right.y - 10)
        c.restore()
        left.drawAxes(c, fontSize: 10.5)
        right.drawAxes(c, fontSize: 10.5)
    }

    static func legend(_ c: Canvas, x: Double, y: Double) {
        c.save()
        c.font(size: 11.5)
        c.fill(RGBA(0.72, 0.72, 0.72), rectangle: x, y - 10, 14, 12)
        c.color(Palette.mutedInk)
        c.text("label 1", x + 20, y)
        c.lineWidth(2.6)
        c.color(Palette.boundary)
        c.move(x + 85, y - 4)
        c.line(x + 107, y - 4)
        c.stroke()
        c.color(Palette.mutedInk)
        c.text("z = 0", x + 113, y)
        c.restore()
    }

    /// The output surface in 3-D: `height` (default: the task's — the logit with its z = 0 level,
    /// the largest class logit with the argmax crease, or the reconstruction).
    public static func surface(
        _ c: Canvas, _ content: FigureContent, colorMode: RegionColorMode, view: SurfaceView = SurfaceView(),
        height: SurfaceHeight? = nil
    ) {
        let box = (40.0, 80.0, c.width - 80, c.height - 110)
        let shown = height ?? .automatic(for: content.task)
        exactOrSampled(
            c, content, labelAt: (40, 80),
            exact: { p in
                var style = SurfaceStyle()
                style.colorMode = colorMode
                style.height = shown
                style.showEdges = p.faceCount < 4000
                style.showZeroLevel = content.task.kind != .regression
                style.axisLabels = content.axisLabels
                SurfaceRenderer.draw(c, p, box: box, view: view, style: style)
            },
            sampled: { SampledSurface.draw(c, $0, box: box, view: view, task: content.task, colorMode: colorMode) })
    }
}

/// A sampled output surface: quads of a coarse grid, for networks beyond the exact limit.
enum SampledSurface {
    static func draw(
        _ c: Canvas, _ s: SampledView, box: (Double, Double, Double, Double), view: SurfaceView, task: LearningTask,
        colorMode: RegionColorMode
    ) {
        let heights = (0..<s.winners.count).map { s.height($0, task) }
        var lo = heights.min() ?? 0
        var hi = heights.max() ?? 0
        if task == .binary {
            lo = min(lo, 0)
            hi = max(hi, 0)
        }
        if !(hi > lo) { hi = lo + 1 }
        let proj = SurfaceProjection(domain: s.domain, zRange: (lo, hi), view: view, box: box)
        let step = max(1, s.columns / 80)
        var quads: [(Double, [(Double, Double)], RGBA)] = []
        for j in stride(from: 0, to: s.rows - step, by: step) {
            for i in stride(from: 0, to: s.columns - step, by: step) {
                let corners = [(i, j), (i + step, j), (i + step, j + step), (i, j + step)]
                var depth = 0.0
                let pts = corners.map { (ii, jj) -> (Double, Double) in
                    let x = s.domain.x0 + (Double(ii) + 0.5) / Double(s.columns) * s.domain.width
                    let y = s.domain.y1 - (Double(jj) + 0.5) / Double(s.rows) * s.domain.height
                    let q = proj.project(x, y, heights[jj * s.columns + ii])
                    depth += q.2
                    return (q.0, q.1)
                }
                quads.append((depth, pts, s.color(j * s.columns + i, mode: colorMode)))
            }
        }
        quads.sort { $0.0 > $1.0 }
        for q in quads {
            c.polyline(q.1)
            c.close()
            c.color(q.2)
            c.fillPreserve()
            c.lineWidth(0.3)
            c.stroke()
        }
    }
}
