import AppCore
import Foundation
import NeuralNet

/// `--save-session FILE.nnviz`: the run as a window session, so that `nnviz gui FILE.nnviz` opens
/// the trained network on its image, with the run's statistics, and trains on from there.
struct RunSession {
    let command: TrainCommand
    let picture: ColorImage
    let dataset: Dataset
    let trainer: Trainer

    func write(to path: String) throws {
        let config = trainer.config
        var settings = TrainingSettings()
        settings.widths = config.hiddenWidths
        settings.activation = config.activation
        settings.learningRate = config.learningRate
        settings.weightDecay = config.weightDecay
        settings.batchSize = config.batchSize
        settings.threshold = dataset.threshold
        settings.invert = dataset.inverted
        settings.seed = config.seed
        settings.epochLimit = max(config.epochs, trainer.epoch)
        settings.task = TaskChoice(kind: command.task, classes: command.classes, channels: command.channels)
        settings.testShare = config.testShare
        var view = ViewOptions()
        view.coloring = RegionColoring.available(for: dataset.task)[0]
        let mlp = trainer.mlp
        let file = SessionFile(
            image: picture, imagePath: URL(fileURLWithPath: command.image).path, modelPath: nil, settings: settings,
            built: settings, task: dataset.task, domain: dataset.domain, network: mlp, epoch: trainer.epoch,
            timeline: [Timeline.Entry(epoch: trainer.epoch, mlp: mlp)], history: trainer.history, regionCounts: [:],
            view: view, camera: SurfaceCamera(), viewBox: dataset.domain, pinnedPoint: nil, scrubbedEpoch: nil)
        do { try file.write(to: URL(fileURLWithPath: path)) } catch { throw CLIError("\(error)") }
    }
}
