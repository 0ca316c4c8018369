import NeuralNet

/// The settings as a session file's JSON: every field by name, and on reading, a missing or
/// malformed field keeps its default, so sessions from an earlier version still open.
extension TrainingSettings {
    var sessionJSON: [String: Any] {
        [
            "widths": widths, "relu": useReLU, "negative_slope": negativeSlope, "learning_rate": learningRate,
            "weight_decay": weightDecay, "batch_size": batchSize, "threshold": threshold, "invert": invert,
            "seed": "\(seed)", "epoch_limit": epochLimit, "task": task.kind.rawValue, "classes": task.classes,
            "channels": task.channels, "test_share": testShare,
        ]
    }

    init(sessionJSON j: [String: Any]) {
        self.init()
        if let w = j["widths"] as? [Int], !w.isEmpty, w.count <= Self.depthRange.upperBound,
            w.allSatisfy(Self.widthRange.contains)
        {
            widths = w
        }
        useReLU = j["relu"] as? Bool ?? useReLU
        if let v = j["negative_slope"] as? Double, v.isFinite, v >= 0, v < 1 { negativeSlope = v }
        if let v = j["learning_rate"] as? Double, v.isFinite, v > 0 { learningRate = v }
        if let v = j["weight_decay"] as? Double, v.isFinite, v >= 0 { weightDecay = v }
        if let v = j["batch_size"] as? Int, v >= 1 { batchSize = v }
        if let v = j["threshold"] as? Double, v >= 0, v <= 1 { threshold = v }
        invert = j["invert"] as? Bool ?? invert
        if let s = j["seed"] as? String, let v = UInt64(s) { seed = v }
        if let v = j["epoch_limit"] as? Int, v >= 1 { epochLimit = v }
        if let k = (j["task"] as? String).flatMap(TaskKind.init(rawValue:)) { task.kind = k }
        if let k = j["classes"] as? Int, LearningTask.classRange.contains(k) { task.classes = k }
        if let c = j["channels"] as? Int, c == 1 || c == 3 { task.channels = c }
        if let v = j["test_share"] as? Double, v >= 0, v <= 0.5 { testShare = v }
    }
}
