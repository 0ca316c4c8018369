"""Compares nnviz's exact slice along a line (`nnviz regions --through I,J`) with regioncam
0.5.2's Regioncam1D on identical random weights: the number of kinks (interior vertices) along the
same stretch of the line through two data points, for networks with 2 to 64 inputs.

Usage: compare_line_regioncam.py [--quick]. Exit status 1 if any count differs."""
import json, os, subprocess, sys, tempfile
import numpy as np
from safetensors.numpy import save_file
from nnviz_py import nnviz_binary

quick = "--quick" in sys.argv
work = tempfile.mkdtemp(prefix="nnviz-line-")
failures = 0
cases = 0
for seed in range(8 if quick else 30):
    rng = np.random.default_rng(seed)
    inputs = [2, 3, 10, 64][seed % 4]
    widths = [[8], [16, 16], [32, 32, 32], [24, 12]][(seed // 4) % 4]
    outputs = [1, 3][seed % 2]
    dims = [inputs] + widths + [outputs]
    tensors, layers = {}, []
    for i in range(len(dims) - 1):
        k = 1 / np.sqrt(dims[i])
        w = rng.uniform(-k, k, (dims[i + 1], dims[i])).astype(np.float32)
        b = rng.uniform(-k, k, dims[i + 1]).astype(np.float32)
        tensors[f"{2 * i}.weight"], tensors[f"{2 * i}.bias"] = w, b
        layers.append((w, b))
    model = os.path.join(work, f"m{seed}.safetensors")
    save_file(tensors, model, metadata={"activation": "relu"})
    pts = rng.normal(0, 1.5, (2, inputs)).astype(np.float32)
    points = os.path.join(work, f"p{seed}.npy")
    np.save(points, pts)

    import regioncam
    rc = regioncam.Regioncam1D.through_points(pts, size=6.0)
    ends = np.asarray(rc.activations(rc.num_layers - 1), dtype=np.float64)
    a, d = pts[0].astype(np.float64), (pts[1] - pts[0]).astype(np.float64)
    taus = sorted(float((e - a) @ d / (d @ d)) for e in ends)
    for i, (w, b) in enumerate(layers):
        rc.linear(w.T.copy(), b)
        if i < len(layers) - 1:
            rc.relu()
    regioncam_kinks = rc.num_vertices - 2
    out = subprocess.run([nnviz_binary(), "regions", "--model", model, "--points", points, "--through", "0,1",
                          f"--bounds={taus[0]},{taus[-1]}", "--json", "--verify"],
                         check=True, capture_output=True, text=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    same = r["kinks"] == regioncam_kinks
    cases += 1
    failures += 0 if same else 1
    print(f"{'ok  ' if same else 'DIFF'} {inputs:2d} inputs, widths {widths}, {outputs} output(s), τ {taus[0]:.3f}…{taus[-1]:.3f}: "
          f"nnviz {r['kinks']} kinks, regioncam {regioncam_kinks}; max output error {r['max_relative_output_error']:.1e}")
print(f"line vs regioncam: {cases - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
