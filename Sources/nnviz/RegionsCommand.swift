import ArgumentParser
import Drawing
import FastMatrix
import Foundation
import NeuralNet
import Regions

struct RegionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regions",
        abstract: "Compute the exact linear regions of a model and summarise or export them.",
        discussion: """
            The model is a PyTorch state dict saved as safetensors: nn.Sequential indices, named modules or nested
            prefixes; BatchNorm1d (eval) is folded into the Linear before it; --layers gives the order if the shapes
            leave it open. A model with n ≠ 2 inputs is drawn on the plane through three rows of --points DATA.
            Bounds default to the model's 'domain' metadata, else [-1,1]²; the activation to its metadata, else ReLU.
            --random W,W,… uses a seeded network with PyTorch's default initialisation instead of a file.
            The model's task (metadata 'task') decides the figure's default colours: class colours with the argmax
            boundary for classes, the reconstructed picture for regression, the pattern hash for binary.
            """
    )

    @Option(name: .long, help: "Model file (.safetensors).")
    var model: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The model's modules in order, when the tensor shapes leave it open (e.g. fc1,bn1,fc2,out).",
            valueName: "names"))
    var layers: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Points of the model's input space (.npy, .csv or .safetensors), one per row, for --through or --plane.",
            valueName: "file"))
    var points: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Draw the plane through these three rows of --points (origin at their centroid); --bounds are then plane coordinates. Two rows I,J: the outputs along the line through them (--bounds T0 T1, default -0.5 1.5).",
            valueName: "I,J,K"))
    var through: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Draw the plane with origin row O, u towards row U and v towards row V (orthonormalised).",
            valueName: "O,U,V"))
    var plane: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Hidden widths of a random network instead of --model, e.g. 64,64,64.", valueName: "widths"))
    var random: String?

    @Option(name: .long, help: "Seed for --random.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Outputs of the --random network (more than 1: classes in the default colours).")
    var outputs: Int = 1

    @Option(name: .long, help: ArgumentHelp("The rectangle: X0 X1 Y0 Y1 (or X0,X1,Y0,Y1).", valueName: "X0 X1 Y0 Y1"))
    var bounds: String?

    @Option(name: .long, help: "relu or leaky_relu (overrides the model's metadata).")
    var activation: String?

    @Option(name: .long, help: "Negative slope of leaky_relu.")
    var negativeSlope: Double?

    @Flag(name: .long, help: "Print one JSON object as the last line of output.")
    var json = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write every face (polygon, pattern, logit map, area) and the decision boundary as JSON.",
            valueName: "file.json"))
    var export: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also save the network (with its domain and activation) as safetensors.", valueName: "file.safetensors"))
    var saveModel: String?

    @Flag(name: .long, help: "With --save-model: store float64 instead of float32.")
    var float64 = false

    @Option(
        name: .long,
        help: ArgumentHelp("Draw the regions (pattern colours, edges, boundary) as PNG.", valueName: "file.png"))
    var png: String?

    @Option(name: .long, help: ArgumentHelp("The same figure as SVG.", valueName: "file.svg"))
    var svg: String?

    @Option(name: .long, help: ArgumentHelp("The same figure as PDF.", valueName: "file.pdf"))
    var pdf: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Region colours in figures: pattern, slope, logit, output (--output N), classes, margin or reconstruction (default: by the model's task).",
            valueName: "mode"))
    var color: FigureColoring?

    @Option(name: .long, help: "The output --color output shows (0-based).")
    var output: Int = 0

    @Flag(name: .long, help: "Check every region against direct forward passes of the network (slower).")
    var verify = false

    @Option(name: .long, help: "Stop with an error beyond this many regions.")
    var maxFaces: Int = PartitionLimits.defaultMaxFaces

    @Flag(name: .long, help: "Replace output files that already exist.")
    var force = false

    @Option(name: .long, help: "Stop with an error before the computation would hold more than this many MB.")
    var maxMemoryMb: Int = PartitionLimits.defaultMaxMemoryBytes >> 20

    @Option(name: .long, help: "Threads for the layer products and the finishing stage (the cutting runs on one).")
    var threads: Int = PartitionLimits.defaultThreads

    mutating func validate() throws {
        if (model == nil) == (random == nil) {
            throw ValidationError("give exactly one of --model FILE or --random WIDTHS")
        }
        if points != nil && (through == nil) == (plane == nil) {
            throw ValidationError("--points needs exactly one of --through I,J,K or --plane O,U,V")
        }
        if points == nil && (through != nil || plane != nil) {
            throw ValidationError("--through and --plane need --points DATA")
        }
        if model == nil && (points != nil || layers != nil) {
            throw ValidationError("--points and --layers apply to --model")
        }
        if isLine {
            try validateLine()
        } else if let bounds, Self.rectangle(bounds) == nil {
            throw ValidationError("--bounds takes four numbers: X0 X1 Y0 Y1")
        }
        if maxFaces < 1 { throw ValidationError("--max-faces must be at least 1") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if maxMemoryMb < 1 { throw ValidationError("--max-memory-mb must be at least 1") }
        if !force {
            for path in [export, png, svg, pdf, saveModel].compactMap({ $0 })
            where FileManager.default.fileExists(atPath: path) {
                throw ValidationError("\(path) exists; use --force to replace it")
            }
        }
        if let s = negativeSlope, !s.isFinite { throw ValidationError("--negative-slope must be a finite number") }
        if output < 0 { throw ValidationError("--output must be 0 or more") }
        if !(1...MLP.maxOutputs).contains(outputs) {
            throw ValidationError("--outputs must be between 1 and \(MLP.maxOutputs)")
        }
    }

    func run() throws {
        if isLine { return try runLine() }
        var mlp: MLP
        var fileDomain: Domain? = nil
        var task = LearningTask.binary
        var fileMetadata: [String: String] = [:]
        let source: String
        var planeArguments: PlaneArguments? = nil
        do {
            if let model {
                let order = layers.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                let file = try NetworkFile(contentsOf: URL(fileURLWithPath: model), layerOrder: order)
                if let points {
                    let p = try PlaneArguments(points: points, through: through, plane: plane)
                    mlp = try file.network.restricted(to: p.slice)
                    planeArguments = p
                } else {
                    mlp = try file.network.planeNetwork()
                    fileDomain = file.domain
                }
                task = file.task
                fileMetadata = file.metadata
                source = model
            } else {
                let widths = try CLI.parseWidths(random!)
                mlp = try MLP.pytorchDefault(hiddenWidths: widths, outputs: outputs, activation: .relu, seed: seed)
                task = outputs == 1 ? .binary : .classes(ClassColor.defaultPalette(count: outputs))
                source = "random network (seed \(seed))"
            }
        } catch let e as ModelError {
            throw CLIError("\(model ?? "random network"): \(e)")
        }
        mlp.activation = try Activation(cliName: activation, slope: negativeSlope, fallback: mlp.activation)

        let domain = bounds.flatMap(Self.rectangle) ?? planeArguments?.slice.defaultDomain ?? fileDomain ?? .unitSquare
        guard domain.isValid else { throw CLIError("invalid bounds \(domain): need finite X0 < X1 and Y0 < Y1") }

        // The engine's threads need both cores; OpenBLAS's would spin on one until they time out.
        OpenBLASMatrixEngine.stopIdleThreads()
        let start = ContinuousClock.now
        let partition: Partition
        do {
            partition = try Partition.compute(
                mlp, domain: domain,
                limits: PartitionLimits(maxFaces: maxFaces, maxMemoryBytes: maxMemoryMb << 20, threads: threads))
        } catch let e as PartitionError {
            throw CLIError("\(e)")
        }
        let seconds = CLI.seconds(since: start)
        let peak = CLI.peakMemoryBytes

        if let saveModel {
            do {
                try ModelFile(mlp: mlp, domain: domain, task: task, metadata: fileMetadata).write(
                    to: URL(fileURLWithPath: saveModel), dtype: float64 ? .f64 : .f32)
            } catch { throw CLIError("\(error)") }
        }
        if let export {
            do { try RegionsJSON.write(partition, to: URL(fileURLWithPath: export)) } catch {
                throw CLIError("\(error)")
            }
        }

        let mode =
            try color.map { try $0.mode(for: partition, task: task, output: output) } ?? .automatic(for: task)
        for (path, format) in [(png, FigureFormat.png), (svg, .svg), (pdf, .pdf)] {
            guard let path else { continue }
            var content = FigureContent(
                mlp: mlp, domain: domain, partition: partition, sampled: nil, sampledReason: nil, dataset: nil,
                title: "Exact linear regions — \(partition.faceCount) regions",
                subtitle:
                    "\(URL(fileURLWithPath: source).lastPathComponent) · \(Self.architecture(mlp, inputs: planeArguments?.slice.dimension)), \(mlp.activation) · \(task)",
                task: task)
            if let planeArguments {
                content.markers = planeArguments.markers
                content.axisLabels = (x: "s", y: "t")
                content.subtitle +=
                    " · plane \(planeArguments.form) \(planeArguments.anchorNames.joined(separator: ", "))"
            }
            do {
                try Figure.write(
                    to: URL(fileURLWithPath: path), format: format, width: RunFigures.width, height: RunFigures.height,
                    scale: format == .png ? 1.5 : 1
                ) { RunFigures.regions($0, content, colorMode: mode) }
            } catch { throw CLIError("\(error)") }
        }

        let stats = PartitionStatistics(partition)
        let report = verify ? partition.verify(against: mlp) : nil
        if !json {
            printSummary(
                source: source, mlp: mlp, task: task, partition: partition, stats: stats, seconds: seconds, peak: peak,
                plane: planeArguments)
            if let report { printVerification(report) }
            if let report, !report.isExact { throw ExitCode(3) }
            return
        }
        var verification: Any = NSNull()
        if let report {
            verification =
                [
                    "exact": report.isExact, "pattern_mismatches": report.patternMismatches,
                    "duplicate_patterns": report.duplicatePatterns, "winner_mismatches": report.winnerMismatches,
                    "max_relative_logit_error": report.maxRelativeLogitError,
                    "min_relative_area": report.minRelativeArea, "mesh_problems": report.meshProblems,
                ] as [String: Any]
        }
        defer { if let report, !report.isExact { Foundation.exit(3) } }
        print(
            CLI.jsonLine([
                "verification": verification,
                "regions": partition.faceCount,
                "task": task.kind.rawValue,
                "outputs": mlp.outputCount,
                "classes": task.classColors.map(\.hex),
                "decision_regions": task.kind == .regression ? NSNull() : partition.decisionRegions as Any,
                "vertices": partition.vertexCount,
                "edges": partition.edgeCount,
                "seconds": seconds,
                "peak_memory_bytes": peak,
                "faces_per_layer": partition.facesPerLayer,
                "edges_per_layer": stats.edgesPerLayer,
                "boundary_polylines": stats.boundaryPolylines,
                "boundary_length": stats.boundaryLength,
                "bounds": [domain.x0, domain.x1, domain.y0, domain.y1],
                "hidden_widths": mlp.hiddenWidths,
                "activation": mlp.activation.name,
                "negative_slope": mlp.activation.negativeSlope,
                "numerical_conflicts": partition.numericalConflicts,
                "export": export as Any? ?? NSNull(),
                "plane": planeArguments?.json as Any? ?? NSNull(),
            ]))
    }

    private func printVerification(_ r: VerificationReport) {
        print(
            "verified   \(r.isExact ? "exact" : "NOT EXACT"): \(r.faces) regions, \(r.patternMismatches) pattern mismatches at centroids, "
                + "\(r.duplicatePatterns) duplicate patterns, \(r.winnerMismatches) decision cells with another winner, "
                + "max output error \(String(format: "%.2g", r.maxRelativeLogitError)) (relative), "
                + "smallest region \(String(format: "%.2g", r.minRelativeArea)) of the domain")
        for problem in r.meshProblems { print("  mesh: \(problem)") }
    }

    static func rectangle(_ text: String) -> Domain? {
        let v = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        return v.count == 4 ? Domain(x0: v[0], x1: v[1], y0: v[2], y1: v[3]) : nil
    }

    /// "2 → 16 → 1"; a network drawn on a plane shows its own input count ("64 (plane) → 32 → …").
    static func architecture(_ mlp: MLP, inputs: Int? = nil) -> String {
        ([inputs.map { "\($0) (plane)" } ?? "2"] + mlp.hiddenWidths.map(String.init) + ["\(mlp.outputCount)"]).joined(
            separator: " → ")
    }

    private func printSummary(
        source: String, mlp: MLP, task: LearningTask, partition p: Partition, stats: PartitionStatistics,
        seconds: Double, peak: Int, plane planeArguments: PlaneArguments?
    ) {
        func g(_ v: Double) -> String { String(format: "%.3g", v) }
        print("model      \(source)")
        print(
            "network    \(Self.architecture(mlp, inputs: planeArguments?.slice.dimension)), \(mlp.activation), \(mlp.parameterCount) parameters, \(task)"
        )
        if let planeArguments {
            print(
                "plane      \(planeArguments.form) \(planeArguments.anchorNames.joined(separator: ", ")) of \(planeArguments.pointsPath); anchors at (s, t) = \(planeArguments.slice.anchorCoordinates.map { "(\(g($0[0])), \(g($0[1])))" }.joined(separator: ", "))"
            )
        }
        print("domain     \(p.domain)")
        print(
            "regions    \(p.faceCount)   (after each layer: \(p.facesPerLayer.map(String.init).joined(separator: ", ")))"
        )
        print(
            "decision   \(p.decisionRegions) regions once the decision boundary splits them (\(p.outputCount) outputs)")
        print(
            "mesh       \(p.vertexCount) vertices, \(p.edgeCount) edges (border \(stats.edgesPerLayer[0]); per layer \(stats.edgesPerLayer.dropFirst().map(String.init).joined(separator: ", ")))"
        )
        print(
            "areas      min \(g(stats.area.min))  median \(g(stats.area.median))  max \(g(stats.area.max))  (sum \(g(stats.totalArea)) of \(g(p.domain.area)))"
        )
        print(
            "edges      length min \(g(stats.edgeLength.min))  median \(g(stats.edgeLength.median))  max \(g(stats.edgeLength.max))"
        )
        if task.kind != .regression && p.outputCount > 1 {
            print("decision   \(p.decisionRegions) decision regions (regions split by the argmax boundary)")
        }
        print(
            "boundary   \(p.outputCount > 1 ? "argmax" : "z = 0"): \(stats.boundaryPolylines) polyline\(stats.boundaryPolylines == 1 ? "" : "s"), length \(g(stats.boundaryLength))"
        )
        print(
            "time       \(CLI.formatSeconds(seconds)) (\(Int(Double(p.faceCount) / max(seconds, 1e-9))) regions/s), peak memory \(CLI.formatBytes(peak))"
        )
        if let export { print("exported   \(export)") }
    }
}
