import Foundation
import NeuralNet

/// A model with n ≠ 2 inputs: it waits for a points file, then is shown exactly on the plane
/// through three of its rows (the anchors), which the person can change; it comes trained, so
/// nothing here trains it.
extension AppCore {
    /// Keeps a many-input model until a points file for it is chosen; the window asks for one.
    /// Nothing on screen changes yet.
    func awaitPoints(for file: NetworkFile, path: String) {
        planeRequest = PlaneModel(file, path: path)
        log("model \(path) takes \(file.network.inputCount) inputs: waiting for a points file")
        announce(.plane)
    }

    /// The many-input model that a points file is for: the one waiting, else the one shown.
    public var planeModel: PlaneModel? { planeRequest ?? plane?.model }

    /// Reads the points a many-input model is seen through (.npy, .csv, .safetensors) and shows the
    /// plane through three of them. A file that cannot be read, or whose points do not fit the
    /// model, gets a one-line message and changes nothing.
    public func openPoints(_ path: String) {
        guard let model = planeModel else { return showMessage("Open a model with more than two inputs first.") }
        let name = URL(fileURLWithPath: path).lastPathComponent
        let points: PointsFile
        do {
            points = try PointsFile(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return showMessage("\(name): \(error)")
        }
        guard points.dimension == model.network.inputCount else {
            return showMessage(
                "\(name): the points have \(points.dimension) coordinates but \(URL(fileURLWithPath: model.path).lastPathComponent) takes \(model.network.inputCount) inputs"
            )
        }
        do {
            let choice = try PlaneChoice(
                model: model, points: points, pointsPath: path, overview: PrincipalComponents(points.rows),
                anchors: PlaneChoice.defaultAnchors(points))
            showPlane(choice)
        } catch {
            showMessage("\(name): \(error)")
        }
    }

    /// No points file was chosen: the many-input model is not opened.
    public func cancelPoints() {
        guard let model = planeRequest else { return }
        planeRequest = nil
        notice =
            "\(URL(fileURLWithPath: model.path).lastPathComponent) was not opened: a model with \(model.network.inputCount) inputs is shown on a plane through three data points."
        log("notice: \(notice ?? "")")
        announce([.plane, .message])
    }

    /// The plane through these three rows (A, B, C). Rows out of range, repeated, or on one line get
    /// a one-line message and the plane stays as it was.
    public func setAnchors(_ rows: [Int]) {
        guard let plane else { return showMessage("Open a model with more than two inputs to choose a plane.") }
        guard rows != plane.anchors else { return }
        do {
            showPlane(
                try PlaneChoice(
                    model: plane.model, points: plane.points, pointsPath: plane.pointsPath, overview: plane.overview,
                    anchors: rows))
        } catch {
            showMessage("\(error)")
        }
    }

    /// Replaces one anchor (0: A, 1: B, 2: C).
    public func setAnchor(_ slot: Int, row: Int) {
        guard let plane, plane.anchors.indices.contains(slot) else { return }
        var rows = plane.anchors
        rows[slot] = row
        setAnchors(rows)
    }

    /// Shows the folded network like an opened two-input model, in plane coordinates.
    func showPlane(_ choice: PlaneChoice) {
        stopSession()
        clearRun()
        plane = choice
        planeRequest = nil
        // A line in the old plane's coordinates means nothing on the new one.
        lineEnds = []
        lineNames = []
        dataset = nil
        image = nil
        imagePath = nil
        modelPath = choice.model.path
        loadedModel = choice.folded
        loadedTask = choice.model.task
        loadedDomain = choice.slice.defaultDomain
        viewBox = choice.slice.defaultDomain
        settings.widths = choice.folded.hiddenWidths
        settings.activation = choice.folded.activation
        settings.task = Self.choice(for: choice.model.task, keeping: settings.task)
        builtSettings = settings
        adoptTaskView()
        timeline = Timeline(parameterCount: choice.folded.parameterCount)
        timeline.append(epoch: 0, mlp: choice.folded)
        message = nil
        log(
            "plane through rows \(choice.anchors.map(String.init).joined(separator: ",")) of \(choice.pointsPath): anchors at "
                + choice.slice.anchorCoordinates.map { "(\($0[0]), \($0[1]))" }.joined(separator: " "))
        announce([.document, .settings, .training, .timeline, .network, .view, .hover, .message, .plane, .line])
        requestPartition(urgent: true)
    }

    /// Forgets the plane when something else is opened.
    func leavePlane() {
        guard plane != nil || planeRequest != nil else { return }
        plane = nil
        planeRequest = nil
        lineEnds = []
        lineNames = []
        announce([.plane, .line])
    }

    /// Save model on a plane writes the model as opened, with all its inputs, not the folded one.
    func savePlaneModel(_ plane: PlaneChoice, to path: String) {
        do {
            // F64: the model may have been opened from F64 numbers, and the saved file must give
            // the partition that is on screen (an F32 model is unchanged by the round trip).
            try plane.model.network.write(
                to: URL(fileURLWithPath: path), task: plane.model.task, metadata: plane.model.metadata, dtype: .f64)
            reportSaved(path)
        } catch {
            showMessage("\(error)")
        }
    }

    /// The names of the shown plane's coordinates: x and y, or on a plane through a many-input
    /// model its own s (from A towards B) and t.
    public var axisNames: (x: String, y: String) { plane == nil ? ("x", "y") : ("s", "t") }

    /// One line for the status: the model, its inputs and the plane.
    public var planeSummary: String? {
        guard let plane else { return nil }
        return
            "\(plane.model.network.inputCount)-input model on the plane through \(plane.anchors.map { plane.name(ofRow: $0) }.joined(separator: ", ")) of \(URL(fileURLWithPath: plane.pointsPath).lastPathComponent). It comes trained: nnviz trains two-input networks on images."
    }
}
