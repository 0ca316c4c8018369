import AppCore
import CGtk
import Foundation
import GtkKit
import Media
import NeuralNet

/// Export → Training video: the chosen timeline snapshots of the run rendered and encoded on a worker
/// thread (the same `TrainingVideo` as `nnviz IMAGE --animate`), with a progress bar and Cancel
/// in a small window; the window stays usable meanwhile. Cancel leaves no file behind.
@MainActor
final class VideoExportDialog {
    private let window: Widget
    private let bar: Widget
    private let status: Widget
    private let stop = StopFlag()
    private var finished = false
    /// Frames encoded so far.
    private(set) var framesDone = 0

    /// The selected snapshots of the run, each with its epoch's statistics.
    static func frames(of core: AppCore, _ selection: VideoSelection) -> [TrainingVideo.Frame] {
        selection.entries(of: core.timeline).map { e in
            TrainingVideo.Frame(epoch: e.epoch, mlp: e.mlp, stats: core.history.stats(atOrBefore: e.epoch))
        }
    }

    init(
        core: AppCore, selection: VideoSelection, parent: Widget, path: String,
        done: @escaping @MainActor () -> Void
    ) {
        let frames = Self.frames(of: core, selection)
        window = UI.childWindow("Exporting the training video", of: parent, .status, width: 420)
        let box = UI.box(true, spacing: 12)
        UI.margins(box, 18)
        status = UI.label("Frame 0 of \(frames.count): \(URL(fileURLWithPath: path).lastPathComponent)")
        bar = gtk_progress_bar_new()!
        UI.accessible(bar, "Video progress")
        let cancel = UI.button("Cancel") { [unowned self] in self.cancel() }
        UI.accessible(cancel, "Cancel")
        gtk_widget_set_halign(cancel, GTK_ALIGN_END)
        UI.append(box, status, bar, cancel)
        gtk_window_set_child(cast(window), box)
        Signal.connectCloseRequest(gptr(window)) { [stop] in
            stop.set()
            return true  // it closes when the worker has stopped and cleaned up
        }
        gtk_window_present(cast(window))

        guard let dataset = core.dataset, !frames.isEmpty else {
            finish(core, path, .failure(VideoError("a training video needs a run on an image: train first")), done)
            return
        }
        let video = TrainingVideo(
            path: path, dataset: dataset, exactMaxRegions: AppCore.maxFaces, framesPerSecond: selection.framesPerSecond,
            frames: frames)
        let stop = self.stop
        let count = frames.count
        BackgroundThread.start(name: "nnviz video") { [weak self] in
            let result = Result {
                try video.write(
                    progress: { k in runOnMain { self?.show(k, of: count) } }, cancelled: { stop.isSet })
            }
            runOnMain { self?.finish(core, path, result, done) }
        }
    }

    /// What the Cancel button does.
    func cancel() { stop.set() }

    private func show(_ k: Int, of n: Int) {
        guard !finished else { return }
        framesDone = k
        gtk_progress_bar_set_fraction(opaque(bar), Double(k) / Double(max(n, 1)))
        UI.setText(status, "Frame \(k) of \(n)")
    }

    private func finish(
        _ core: AppCore, _ path: String, _ result: Result<Int, Error>, _ done: @escaping @MainActor () -> Void
    ) {
        guard !finished else { return }
        finished = true
        gtk_window_destroy(cast(window))
        switch result {
        case .success: core.reportSaved(path)
        case .failure(let e as VideoError) where e == .cancelled: core.showMessage("The training video was cancelled.")
        case .failure(let e): core.showMessage("\(e)")
        }
        done()
    }
}
