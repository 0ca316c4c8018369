import ArgumentParser
import NeuralNet

/// `--task binary|classes|regression`: the raw values are the names typed.
extension TaskKind: ExpressibleByArgument {}
