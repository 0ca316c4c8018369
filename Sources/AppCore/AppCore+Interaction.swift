import Foundation
import NeuralNet
import Regions

/// Hover, pin, view options, messages, confirmations and quitting.
extension AppCore {
    public func hover(at p: Point?) {
        guard p != hoverPoint else { return }
        hoverPoint = p
        hoverFace = p.flatMap { partition?.face(at: $0) }
        announce(.hover)
    }

    /// Pins the region under the pointer, or unpins it when it is the pinned one.
    public func togglePin() {
        if let pinned = pinnedFace, pinned == hoverFace {
            pinnedPoint = nil
        } else {
            pinnedPoint = hoverFace == nil ? nil : hoverPoint
        }
        locateHoverAndPin()
        log("pinned \(pinnedFace.map { "region \($0)" } ?? "nothing")")
        announce(.hover)
    }

    public func unpin() {
        guard pinnedPoint != nil else { return }
        pinnedPoint = nil
        pinnedFace = nil
        announce(.hover)
    }

    /// A hidden neuron under the pointer in the network view (layer counts from 1).
    public func hoverNeuron(layer: Int, index: Int) {
        if let n = hoverNeuron, n.layer == layer, n.index == index { return }
        hoverNeuron = (layer, index)
        announce(.hover)
    }

    public func clearNeuronHover() {
        guard hoverNeuron != nil else { return }
        hoverNeuron = nil
        announce(.hover)
    }

    /// A colouring the shown task offers (others are ignored).
    public func setColoring(_ c: RegionColoring) {
        guard RegionColoring.available(for: task).contains(c) else { return }
        updateView { $0.coloring = c }
    }

    /// The output the value and slope colourings and the surface show (nil: the natural one).
    public func setOutput(_ output: Int?) {
        guard output.map({ $0 >= 0 && $0 < task.outputCount }) ?? true else { return }
        updateView { $0.output = output }
    }

    /// After new labels or a new model: a new kind of task starts on its natural colouring, and
    /// no colouring or output choice stays that the task does not have.
    func adoptTaskView() {
        let offered = RegionColoring.available(for: task)
        let newKind = task.kind != viewTaskKind
        viewTaskKind = task.kind
        updateView { v in
            if newKind || !offered.contains(v.coloring) { v.coloring = offered[0] }
            if let o = v.output, o >= task.outputCount || task.outputCount == 1 { v.output = nil }
        }
    }

    public func setShowEdges(_ on: Bool) { updateView { $0.showEdges = on } }
    public func setEdgesByLayer(_ on: Bool) { updateView { $0.edgesByLayer = on } }
    public func setShowBoundary(_ on: Bool) { updateView { $0.showBoundary = on } }
    public func setShowPixels(_ on: Bool) { updateView { $0.showPixels = on } }
    public func setPixelOpacity(_ v: Double) { updateView { $0.pixelOpacity = min(1, max(0, v)) } }
    public func setLogLoss(_ on: Bool) { updateView { $0.logLoss = on } }

    /// Sets the plots' text scale, clamped to `ViewOptions.textScaleRange`.
    public func setTextScale(_ scale: Double) {
        let r = ViewOptions.textScaleRange
        // Steps of 1.1 land near, not on, round numbers: keep two decimals so 1.0 comes back.
        let clamped = (min(r.upperBound, max(r.lowerBound, scale)) * 100).rounded() / 100
        guard clamped != view.textScale else { return }
        updateView { $0.textScale = clamped }
        log("text scale \(clamped)")
    }

    /// Grows (factor > 1) or shrinks the plots' text by `factor`.
    public func zoomText(by factor: Double) { setTextScale(view.textScale * factor) }

    private func updateView(_ change: (inout ViewOptions) -> Void) { modify(\.view, announcing: .view, change) }

    public func setCamera(_ c: SurfaceCamera) {
        modify(\.camera, announcing: .view) { cam in
            cam = c
            cam.elevation = min(
                SurfaceCamera.elevationRange.upperBound, max(SurfaceCamera.elevationRange.lowerBound, c.elevation))
            cam.zoom = min(SurfaceCamera.zoomRange.upperBound, max(SurfaceCamera.zoomRange.lowerBound, c.zoom))
        }
    }

    // MARK: Messages

    public func showMessage(_ m: String) {
        message = m
        log("message: \(m)")
        announce(.message)
    }

    public func dismissMessage() {
        guard message != nil || notice != nil else { return }
        message = nil
        notice = nil
        announce(.message)
    }

    // MARK: Confirmations

    func ask(_ action: Confirmation.Action, title: String, detail: String, confirm: String) {
        confirmation = Confirmation(action: action, title: title, detail: detail, confirmLabel: confirm)
        log("asks: \(title)")
        announce(.confirmation)
    }

    /// Goes ahead with the action that was waiting for an answer.
    public func confirm() {
        guard let c = confirmation else { return }
        confirmation = nil
        announce(.confirmation)
        switch c.action {
        case .reset: performReset()
        case .open(let path): performOpen(path)
        case .quit:
            quitConfirmed = true
            announce(.quit)
        case .resume(let epoch, let play): performResume(epoch: epoch, play: play)
        }
    }

    public func cancelConfirmation() {
        guard confirmation != nil else { return }
        confirmation = nil
        announce(.confirmation)
    }

    /// Returns true when the window may close now; otherwise a confirmation is pending.
    public func requestQuit() -> Bool {
        if hasUnsavedTraining {
            ask(
                .quit, title: "Quit and discard the trained network?",
                detail:
                    "Epoch \(liveEpoch) of the \(builtSettings?.shapeDescription ?? "current") network has not been saved.",
                confirm: "Discard and Quit")
            return false
        }
        quitConfirmed = true
        return true
    }
}
