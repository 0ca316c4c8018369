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

    public init(
        mlp: MLP, domain: Domain, partition: Partition?, sampled: SampledView?, sampledReason: String?,
        dataset: Dataset?, title: String, subtitle: String
    ) {
        self.mlp = mlp
        self.domain = domain
        self.partition = partition
        self.sampled = sampled
        self.sampledReason = sampledReason
        self.dataset = dataset
        self.title = title
        self.subtitle = subtitle
    }
}

/// The three figures of a run — regions, boundary, 3-D surface — laid out for export.
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

    /// Regions coloured by pattern hash (or slope), thin edges, the boundary on top, axes.
    public static func regions(_ c: Canvas, _ content: FigureContent, colorMode: RegionColorMode) {
        let bar = content.partition != nil ? colorMode.colorBar : nil
        let f = plotFrame(c, content.domain, colorBar: bar != nil)
        exactOrSampled(
            c, content, labelAt: (f.x + 10, f.y + 10),
            exact: { p in
                var style = RegionMapStyle()
                style.colorMode = colorMode
                style.boundaryWidth = 2.2
                RegionMapRenderer.draw(c, p, frame: f, style: style)
            }, sampled: { $0.drawRegions(c, frame: f) })
        f.drawAxes(c)
        if let bar { bar.draw(c, x: f.x + f.width + 22, y: f.y, width: 18, height: f.height) }
    }

    /// The training image (labels as grey) with the exact decision boundary over it.
    public static func boundary(_ c: Canvas, _ content: FigureContent) {
        let f = plotFrame(c, content.domain, colorBar: false)
        if let d = content.dataset {
            ImageUnderlay.draw(c, d.image, frame: f, labels: d.labels)
        }
        exactOrSampled(
            c, content, labelAt: (f.x + 10, f.y + 10),
            exact: { p in
                c.save()
                c.rect(f.x, f.y, f.width, f.height)
                c.clip()
                RegionMapRenderer.drawBoundary(c, p.boundary, frame: f, width: 2.6)
                c.restore()
            }, sampled: { $0.drawBoundary(c, frame: f) })
        f.drawAxes(c)
        legend(c, x: f.x + f.width - 205, y: f.y + f.height + 44)
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

    /// The logit surface in 3-D with the z = 0 level.
    public static func surface(
        _ c: Canvas, _ content: FigureContent, colorMode: RegionColorMode, view: SurfaceView = SurfaceView()
    ) {
        let box = (40.0, 80.0, c.width - 80, c.height - 110)
        exactOrSampled(
            c, content, labelAt: (40, 80),
            exact: { p in
                var style = SurfaceStyle()
                style.colorMode = colorMode
                style.showEdges = p.faceCount < 4000
                SurfaceRenderer.draw(c, p, box: box, view: view, style: style)
            }, sampled: { SampledSurface.draw(c, $0, box: box, view: view) })
    }
}

/// A sampled logit surface: quads of a coarse grid, for networks beyond the exact limit.
enum SampledSurface {
    static func draw(_ c: Canvas, _ s: SampledView, box: (Double, Double, Double, Double), view: SurfaceView) {
        let lo = min(s.logits.min() ?? 0, 0)
        let hi = max(s.logits.max() ?? 0, 0)
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
                    let q = proj.project(x, y, s.logits[jj * s.columns + ii])
                    depth += q.2
                    return (q.0, q.1)
                }
                quads.append((depth, pts, s.patternHashes[j * s.columns + i]))
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
