/// The view as a session file's JSON; on reading, what is missing or malformed keeps its default.
extension ViewOptions {
    var sessionJSON: [String: Any] {
        var j: [String: Any] = [
            "coloring": "\(coloring)", "show_edges": showEdges, "edges_by_layer": edgesByLayer,
            "show_boundary": showBoundary, "show_pixels": showPixels, "pixel_opacity": pixelOpacity,
            "text_scale": textScale, "log_loss": logLoss, "min_connection_weight": minConnectionWeight,
        ]
        if let output { j["output"] = output }
        if let upToLayer { j["up_to_layer"] = upToLayer }
        return j
    }

    init(sessionJSON j: [String: Any]) {
        self.init()
        if let name = j["coloring"] as? String, let c = RegionColoring.allCases.first(where: { "\($0)" == name }) {
            coloring = c
        }
        output = j["output"] as? Int
        showEdges = j["show_edges"] as? Bool ?? showEdges
        edgesByLayer = j["edges_by_layer"] as? Bool ?? edgesByLayer
        showBoundary = j["show_boundary"] as? Bool ?? showBoundary
        showPixels = j["show_pixels"] as? Bool ?? showPixels
        if let v = j["pixel_opacity"] as? Double, v >= 0, v <= 1 { pixelOpacity = v }
        if let v = j["text_scale"] as? Double, v.isFinite, v > 0 { textScale = v }
        logLoss = j["log_loss"] as? Bool ?? logLoss
        if let v = j["min_connection_weight"] as? Double, v >= 0, v <= 1 { minConnectionWeight = v }
        upToLayer = j["up_to_layer"] as? Int
    }
}
