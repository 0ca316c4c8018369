/// What a network trains on: one point per pixel centre (y up, the long side on [-1, 1]) and per
/// point what it should learn, by task:
/// - binary: `labels` 1 where the pixel is dark (darkness = 1 − grey > threshold, flipped by
///   `invert`), else 0;
/// - classes: `labels` the pixel's class index (as a Float), the classes being the image's colours
///   quantised by `ColorQuantizer`;
/// - regression: `targets` the pixel's grey level (1 channel) or r, g, b (3 channels), in [0, 1];
///   `labels` then holds the grey level, so that overlays reading labels still see the picture.
public struct Dataset: Sendable {
    /// The grey picture (what overlays draw).
    public let image: GreyImage
    /// The colour picture, when the dataset was built from one.
    public let colorImage: ColorImage?
    public let task: LearningTask
    public let domain: Domain
    /// Pixel centres, interleaved x, y, in image order (top row first), y pointing up.
    public let points: [Float]
    public let labels: [Float]
    /// Regression targets, `count × outputCount` values in [0, 1]; empty for the other tasks.
    public let targets: [Float]
    public let threshold: Double
    public let inverted: Bool

    public var count: Int { points.count / 2 }
    /// The network outputs this dataset needs.
    public var outputCount: Int { task.outputCount }
    /// Dark pixels of a binary dataset (label > 0.5).
    public var positives: Int { labels.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) } }

    /// The domain in which the image's long side spans [-1, 1] and the aspect ratio is kept.
    public static func defaultDomain(width: Int, height: Int) -> Domain {
        let s = Double(max(width, height))
        return Domain(x0: -Double(width) / s, x1: Double(width) / s, y0: -Double(height) / s, y1: Double(height) / s)
    }

    /// The binary dataset of a grey picture.
    public init(image: GreyImage, threshold: Double = 0.5, invert: Bool = false, domain: Domain? = nil) {
        self.init(
            image: image, colorImage: nil, task: .binary,
            domain: domain ?? Self.defaultDomain(width: image.width, height: image.height),
            labels: Self.darkLabels(image, threshold: threshold, invert: invert), targets: [], threshold: threshold,
            invert: invert)
    }

    /// 1 where darkness = 1 − grey exceeds the threshold (flipped by `invert`), else 0.
    private static func darkLabels(_ image: GreyImage, threshold: Double, invert: Bool) -> [Float] {
        image.pixels.map { ((1 - $0 > threshold) != invert) ? 1 : 0 }
    }

    /// The dataset a task choice makes of a colour picture. Binary is exactly the grey init on
    /// `image.grey`. Classes quantise the colours into at most `choice.classes` classes — fewer
    /// when the image has fewer distinct colours; one colour alone cannot make classes and throws.
    public init(
        image: ColorImage, choice: TaskChoice, threshold: Double = 0.5, invert: Bool = false, domain: Domain? = nil
    ) throws {
        try choice.validate()
        let d = domain ?? Self.defaultDomain(width: image.width, height: image.height)
        switch choice.kind {
        case .binary:
            self.init(
                image: image.grey, colorImage: image, task: .binary, domain: d,
                labels: Self.darkLabels(image.grey, threshold: threshold, invert: invert), targets: [],
                threshold: threshold, invert: invert)
        case .classes:
            let q = ColorQuantizer.quantize(image, classes: choice.classes)
            guard q.colors.count >= 2 else {
                throw DatasetError("the image has a single colour, and classes need at least two")
            }
            self.init(
                image: image.grey, colorImage: image, task: .classes(q.colors), domain: d,
                labels: q.classMap.map(Float.init), targets: [], threshold: threshold, invert: invert)
        case .regression:
            let grey = image.grey.pixels.map { Float(min(1, max(0, $0))) }
            let targets = choice.channels == 3 ? image.rgb.map { Float(min(1, max(0, $0))) } : grey
            self.init(
                image: image.grey, colorImage: image, task: .regression(channels: choice.channels), domain: d,
                labels: grey, targets: targets, threshold: threshold, invert: invert)
        }
    }

    private init(
        image: GreyImage, colorImage: ColorImage?, task: LearningTask, domain d: Domain, labels: [Float],
        targets: [Float], threshold: Double, invert: Bool
    ) {
        self.image = image
        self.colorImage = colorImage
        self.task = task
        self.domain = d
        self.threshold = threshold
        self.inverted = invert
        var pts = [Float](repeating: 0, count: 2 * image.width * image.height)
        for j in 0..<image.height {
            for i in 0..<image.width {
                let p = j * image.width + i
                let c = Self.pixelCentre(i, j, image.width, image.height, d)
                pts[2 * p] = Float(c.x)
                pts[2 * p + 1] = Float(c.y)
            }
        }
        points = pts
        self.labels = labels
        self.targets = targets
    }

    /// Centre of pixel (i, j) (column, row from the top) in domain coordinates, y up.
    public static func pixelCentre(_ i: Int, _ j: Int, _ w: Int, _ h: Int, _ d: Domain) -> (x: Double, y: Double) {
        (d.x0 + (Double(i) + 0.5) / Double(w) * d.width, d.y1 - (Double(j) + 0.5) / Double(h) * d.height)
    }
}
