import Foundation

/// Learning-rate schedule over the whole run.
public enum LearningRateSchedule: String, Sendable, CaseIterable {
    /// The same rate at every step (the original tool's behaviour).
    case constant
    /// A short linear warm-up, then cosine decay to 1 % of the rate.
    case cosine
}

/// Everything that defines a training run.
public struct TrainingConfig: Sendable, Equatable {
    public var hiddenWidths: [Int]
    public var activation: Activation
    public var learningRate: Double
    public var weightDecay: Double
    public var batchSize: Int
    public var epochs: Int
    public var seed: UInt64
    public var schedule: LearningRateSchedule
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var epsilon = 1e-8
    /// The share of pixels held out of training (0…0.5) and scored after every epoch; 0 trains on
    /// every pixel, as before.
    public var testShare = 0.0

    public init(
        hiddenWidths: [Int], activation: Activation = .leakyReLU(0.02), learningRate: Double = 1e-3,
        weightDecay: Double = 1e-4, batchSize: Int = 8192, epochs: Int = 300, seed: UInt64 = 0,
        schedule: LearningRateSchedule = .constant
    ) {
        self.hiddenWidths = hiddenWidths
        self.activation = activation
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.batchSize = batchSize
        self.epochs = epochs
        self.seed = seed
        self.schedule = schedule
    }

    /// The cosine schedule's default learning rate for a task. Regression gained 2–5 dB from 0.03
    /// over 0.01 on the samples at 32 × 3 (and lost 1 dB at 64 × 4); binary and classes train well
    /// at 0.01. See README, "Classes and regression".
    public static func defaultLearningRate(for task: TaskKind) -> Double { task == .regression ? 0.03 : 0.01 }

    /// The optimiser steps a default run gets at least (more epochs on small images). A regression
    /// surface must match every grey level rather than one boundary: twice the steps bought 2–4 dB.
    public static func minimumSteps(for task: TaskKind) -> Int { task == .regression ? 6000 : 3000 }

    /// Checks the values a person can type; the message names the option.
    public func validate() throws {
        func bad(_ s: String) -> ModelError { .invalidArchitecture(s) }
        func fail(_ s: String) -> ModelError { .invalidSetting(s) }
        guard !hiddenWidths.isEmpty else { throw bad("at least one hidden layer is needed") }
        guard hiddenWidths.allSatisfy({ $0 >= 1 && $0 <= 4096 }) else {
            throw bad("layer widths must be between 1 and 4096")
        }
        guard hiddenWidths.count <= 64 else { throw bad("at most 64 hidden layers") }
        guard learningRate.isFinite, learningRate > 0 else { throw fail("the learning rate must be a positive number") }
        guard weightDecay.isFinite, weightDecay >= 0 else {
            throw fail("the weight decay must be a non-negative number")
        }
        guard batchSize >= 1 else { throw fail("the batch size must be at least 1") }
        guard epochs >= 0 else { throw fail("the number of epochs must not be negative") }
        guard activation.negativeSlope.isFinite else { throw fail("the negative slope must be a finite number") }
        guard testShare.isFinite, testShare >= 0, testShare <= 0.5 else {
            throw fail("the test share must be between 0 and 0.5")
        }
    }

    /// The learning rate at optimiser step `step` of `totalSteps`.
    public func learningRate(step: Int, totalSteps: Int) -> Double {
        switch schedule {
        case .constant:
            return learningRate
        case .cosine:
            let warmup = max(1, totalSteps / 50)
            if step < warmup { return learningRate * Double(step + 1) / Double(warmup) }
            let t = Double(step - warmup) / Double(max(1, totalSteps - warmup))
            let floor = 0.01
            return learningRate * (floor + (1 - floor) * 0.5 * (1 + cos(Double.pi * min(1, t))))
        }
    }
}
