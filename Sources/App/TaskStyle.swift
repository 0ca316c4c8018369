import AppCore
import Drawing
import NeuralNet
import Regions

/// The window's view options turned into the renderers' styles for the shown task: the same
/// choice of colouring means a class tint, a logit or a picture depending on what the outputs are.
enum TaskStyle {
    static func colorMode(_ view: ViewOptions, _ task: LearningTask, _ p: Partition) -> RegionColorMode {
        switch view.coloring {
        case .pattern: return .pattern
        case .slope: return .slope(for: p)
        case .value: return .output(view.output ?? 0, for: p)
        case .classes:
            let colors = task.classColors
            return colors.count == p.outputCount ? .classTint(colors) : .pattern
        case .margin: return .margin(for: p)
        case .reconstruction: return p.outputCount == 1 || p.outputCount == 3 ? .reconstruction : .pattern
        }
    }

    /// The chosen output, or the task's natural height (the logit, the largest output, the grey
    /// level or the mean of R, G, B).
    static func surfaceHeight(_ view: ViewOptions, _ task: LearningTask) -> SurfaceHeight {
        view.output.map { .output($0) } ?? .automatic(for: task)
    }

    /// The training pixels in a plot of any box (zoomed or not): the image covers its own domain,
    /// and the caller clips to the plot.
    static func drawUnderlay(_ c: Canvas, _ d: Dataset, in f: PlotFrame) {
        let x0 = f.px(d.domain.x0)
        let x1 = f.px(d.domain.x1)
        let y0 = f.py(d.domain.y1)
        let y1 = f.py(d.domain.y0)
        drawPixels(c, d, frame: PlotFrame(domain: d.domain, fitting: x0, y0, x1 - x0, y1 - y0))
    }

    /// The training pixels under the regions as the network sees them: dark pixels, the
    /// quantised class colours, or the picture being fitted.
    static func drawPixels(_ c: Canvas, _ d: Dataset, frame f: PlotFrame) {
        switch d.task {
        case .binary:
            // The labels the threshold and inversion give, not the grey picture.
            ImageUnderlay.draw(c, d.image, frame: f, labels: d.labels)
        case .classes(let colors):
            ImageUnderlay.drawClasses(
                c, width: d.image.width, height: d.image.height, labels: d.labels, colors: colors, frame: f)
        case .regression(let channels):
            if channels == 3, let color = d.colorImage {
                ImageUnderlay.drawColor(c, width: color.width, height: color.height, rgb: color.rgb, frame: f)
            } else {
                ImageUnderlay.draw(c, d.image, frame: f)
            }
        }
    }
}
