import Drawing
import Foundation
import NeuralNet
import Regions

/// A training run as a video, one frame per recorded epoch, each the exact partition drawn by
/// the figures' renderer (regions, decision boundary, axes, legend) with the epoch and the score
/// in its caption, encoded to WebM (VP8) by GStreamer. The command line's `--animate` and the
/// window's Export → Training video both make it.
public struct TrainingVideo: Sendable {
    public struct Frame: Sendable {
        public let epoch: Int
        public let mlp: MLP
        public let stats: EpochStats?
        public init(epoch: Int, mlp: MLP, stats: EpochStats?) {
            self.epoch = epoch
            self.mlp = mlp
            self.stats = stats
        }
    }

    /// The frame size: the regions figure's page, at 1× (even sides, as VP8 needs).
    public static let width = RunFigures.width
    public static let height = RunFigures.height

    public let path: String
    public let dataset: Dataset
    public let exactMaxRegions: Int
    public let framesPerSecond: Int
    public let frames: [Frame]

    public init(path: String, dataset: Dataset, exactMaxRegions: Int, framesPerSecond: Int, frames: [Frame]) {
        self.path = path
        self.dataset = dataset
        self.exactMaxRegions = exactMaxRegions
        self.framesPerSecond = framesPerSecond
        self.frames = frames
    }

    /// Renders and encodes every frame, telling `progress` how many are done; returns how many.
    /// `cancelled` is asked before each frame: true stops and removes the unfinished file, as
    /// does any failure (`VideoError.cancelled` is thrown then).
    public func write(progress: (Int) -> Void = { _ in }, cancelled: () -> Bool = { false }) throws -> Int {
        let encoder = try VideoEncoder(
            writing: URL(fileURLWithPath: path), width: Self.width, height: Self.height,
            framesPerSecond: framesPerSecond)
        let task = dataset.task
        let arch = (["2"] + (frames.first?.mlp.hiddenWidths ?? []).map(String.init) + ["\(task.outputCount)"])
            .joined(separator: " → ")
        for (k, frame) in frames.enumerated() {
            if cancelled() {
                encoder.cancel()
                throw VideoError.cancelled
            }
            var partition: Partition?
            var sampled: SampledView?
            do {
                partition = try Partition.compute(
                    frame.mlp, domain: dataset.domain, limits: PartitionLimits(maxFaces: exactMaxRegions))
            } catch PartitionError.tooManyFaces {
                sampled = SampledView(mlp: frame.mlp, domain: dataset.domain)
            }
            let regions = partition.map { "\($0.faceCount) exact regions" } ?? "more than \(exactMaxRegions) regions"
            let content = FigureContent(
                mlp: frame.mlp, domain: dataset.domain, partition: partition, sampled: sampled,
                sampledReason: sampled == nil ? nil : "SAMPLED — more than \(exactMaxRegions) regions, not exact",
                dataset: dataset, title: "Epoch \(frame.epoch) — \(regions)",
                subtitle: "\(arch), \(frame.mlp.activation) · \(task)" + Self.score(frame.stats), task: task)
            let picture = try RasterFrame.render(width: Self.width, height: Self.height) {
                RunFigures.regions($0, content, colorMode: .automatic(for: task))
            }
            try encoder.append(bytes: picture.bytes, stride: picture.stride)
            progress(k + 1)
        }
        try encoder.finish()
        return encoder.frameCount
    }

    /// " · loss 0.1234 · acc 97.2 %" (PSNR for a regression); nothing before the first epoch.
    public static func score(_ s: EpochStats?) -> String {
        guard let s else { return "" }
        let quality =
            s.psnr.map { String(format: "PSNR %.2f dB", $0) } ?? String(format: "acc %.1f %%", s.accuracy * 100)
        return String(format: " · loss %.4f · ", s.loss) + quality
    }
}
