import NeuralNet

/// While the threshold slider moves (or Invert is toggled), the map previews the labels the new
/// setting gives the image, before Reset trains on them: people choose a threshold by looking.
extension AppCore {
    /// Follows every change of the settings or the labels; nil when the labels are those trained on.
    func refreshLabelPreview() {
        guard let image, let dataset, case .binary = dataset.task, settings.usesThreshold,
            settings.threshold != dataset.threshold || settings.invert != dataset.inverted
        else {
            labelPreview = nil
            return
        }
        if let p = labelPreview, p.threshold == settings.threshold, p.inverted == settings.invert { return }
        labelPreview = try? makeDataset(image, settings)
    }

    /// "threshold 0.62, inverted": what the preview differs by, for the map's caption.
    public var labelPreviewCaption: String? {
        guard let p = labelPreview else { return nil }
        let t = (p.threshold * 100).rounded() / 100
        return "Labels at threshold \(t)\(p.inverted ? ", inverted" : "") — a preview: Reset trains on them"
    }
}
