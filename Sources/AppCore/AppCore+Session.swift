import Foundation
import NeuralNet
import Regions

/// Saving the whole window as a session file and opening it again: the same picture, the same
/// controls, and training that continues from the saved epoch.
extension AppCore {
    /// Whether there is something to save as a session (a network on an image, or a model).
    public var canSaveSession: Bool { (liveNetwork ?? loadedModel) != nil }

    /// "spirals128_16x16x16_epoch600.nnviz".
    public var suggestedSessionName: String {
        String(suggestedName("").dropLast()) + "." + SessionFile.fileExtension
    }

    public func saveSession(to path: String) {
        guard let network = liveNetwork ?? loadedModel else {
            return showMessage("Nothing to save yet: open an image or a model first.")
        }
        let file = SessionFile(
            image: image, imagePath: imagePath, modelPath: modelPath, settings: settings, built: builtSettings,
            task: task, domain: dataset?.domain ?? loadedDomain, network: network, epoch: liveEpoch,
            timeline: timeline.entries, history: history.entries, regionCounts: regionCounts, view: view,
            camera: camera, viewBox: viewBox, pinnedPoint: pinnedPoint,
            scrubbedEpoch: scrubIndex.map { timeline[$0].epoch },
            plane: plane.map {
                PlaneSession(model: $0.model, points: $0.points, pointsPath: $0.pointsPath, anchors: $0.anchors)
            })
        do {
            try file.write(to: URL(fileURLWithPath: path))
        } catch {
            return showMessage("\(error)")
        }
        savedEpoch = liveEpoch
        reportSaved(path)
    }

    /// Opens a session (through `open`, which asks before discarding unsaved training). A file
    /// that cannot be read leaves the window as it was and says why in one line.
    func loadSession(_ path: String) {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let s: SessionFile
        var restored: Dataset?
        do {
            s = try SessionFile(contentsOf: URL(fileURLWithPath: path))
            if let picture = s.image {
                restored = try makeDataset(picture, s.built ?? s.settings)
                guard restored?.outputCount == s.network.outputCount else {
                    throw SessionError("the session is damaged: its network does not fit its image's labels")
                }
            }
        } catch {
            return showMessage("\(name): \(error)")
        }
        if let p = s.plane { return restorePlane(p, session: s, path: path) }
        stopSession()
        clearRun()
        leavePlane()
        message = nil
        settings = s.settings
        timeline = Timeline(parameterCount: s.network.parameterCount)
        for e in s.timeline { timeline.append(epoch: e.epoch, mlp: e.mlp) }
        if let restored, let picture = s.image {
            image = picture
            imagePath = s.imagePath ?? path
            modelPath = nil
            loadedModel = nil
            loadedTask = nil
            loadedDomain = nil
            dataset = restored
            startSession(initial: s.network, resumeAt: s.epoch, using: s.built ?? s.settings, keepTimeline: true)
        } else {
            showWithoutImage(
                s.network, task: s.task, domain: s.domain ?? .unitSquare, modelPath: s.modelPath, epoch: s.epoch,
                keepTimeline: true)
            builtSettings = s.built ?? s.settings
        }
        history.append(contentsOf: s.history)
        regionCounts = s.regionCounts
        liveEpoch = s.epoch
        savedEpoch = s.epoch
        scrubIndex = s.scrubbedEpoch.flatMap { e in timeline.index(nearest: e) }
        restoreView(of: s, path: path)
    }

    /// A many-input model on a plane: the plane is made again from the model, its points and
    /// its rows, as when it was first opened; then the saved view.
    private func restorePlane(_ p: PlaneSession, session s: SessionFile, path: String) {
        let choice: PlaneChoice
        do {
            choice = try PlaneChoice(
                model: p.model, points: p.points, pointsPath: p.pointsPath,
                overview: PrincipalComponents(p.points.rows),
                anchors: p.anchors)
        } catch {
            return showMessage("\(URL(fileURLWithPath: path).lastPathComponent): the session is damaged: \(error)")
        }
        leavePlane()
        showPlane(choice)
        settings = s.settings
        restoreView(of: s, path: path)
    }

    private func restoreView(of s: SessionFile, path: String) {
        viewTaskKind = task.kind
        view = s.view
        camera = s.camera
        viewBox = s.viewBox
        pinnedPoint = s.pinnedPoint
        log("opened session \(path)")
        announce([.document, .settings, .training, .timeline, .network, .view, .hover, .message])
        requestPartition(urgent: true)
    }
}
