/// What decides ties between outputs at the mesh vertices (K > 1 only): the tolerance and each
/// vertex's activation scale.
struct VertexTies: Sendable {
    let tolerance: TieTolerance
    let scales: [Double]
}
