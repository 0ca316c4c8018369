"""Compares nnviz's region counts with regioncam 0.5.2 on identical random weights.

Usage: compare_regioncam.py [--quick]
Two counts per network: `regions` (the hidden layers' refinement) against regioncam's num_faces,
and `decision_regions` (those regions further split by the decision boundary) against num_faces
after regioncam's decision_boundary() (a sign layer for one output, argmax for K outputs).
Networks have 1 output, or K = 2, 3, 5, 12 (half of them with each output's median over a grid
moved to 0, so that every class wins somewhere and boundaries meet).
Exit status 1 if any count differs (regioncam works in float32, so above ~10^4 regions a few
slivers may legitimately differ: those cases are reported separately and listed as f32 slivers).
"""
import os, sys, tempfile
import numpy as np
from nnviz_py import random_mlp, save_model, run_nnviz, regioncam_partition

quick = "--quick" in sys.argv
cases = []
for seed in range(6 if quick else 20):
    for widths in ([1], [3], [8], [8, 8], [16, 16, 16], [5, 9, 4], [32, 32], [64], [12, 12, 12, 12, 12]):
        act = ("relu", 0.0) if seed % 2 == 0 else ("leaky_relu", 0.02)
        dom = (-1, 1, -1, 1) if seed % 3 != 2 else (0.25, 3.0, -2.0, -0.5)
        cases.append((widths, seed, act, dom, 1, False))
for seed in range(3 if quick else 12):
    for outputs in (2, 3, 5, 12):
        for widths in ([8], [16, 16], [24, 24, 24]) + (() if quick else ([64, 64], [32] * 4)):
            act = ("relu", 0.0) if seed % 2 == 0 else ("leaky_relu", 0.1)
            dom = (-1, 1, -1, 1) if seed % 3 != 2 else (0.25, 3.0, -2.0, -0.5)
            cases.append((widths, 1000 + seed, act, dom, outputs, seed % 2 == 1 or outputs == 12))
if not quick:
    for seed in range(3):
        for widths in ([64, 64, 64], [128, 128], [32] * 5):
            cases.append((widths, 100 + seed, ("relu", 0.0), (-1, 1, -1, 1), 1, False))
        cases.append(([64, 64, 64], 200 + seed, ("relu", 0.0), (-1, 1, -1, 1), 10, True))


def forward(layers, act, slope, xs):
    h = xs
    for i, (w, b) in enumerate(layers):
        h = h @ w.T.astype(np.float64) + b.astype(np.float64)
        if i < len(layers) - 1:
            h = np.where(h > 0, h, 0.0 if act == "relu" else slope * h)
    return h


def centred(layers, act, slope, dom):
    """Each output's bias moved so that its median over a grid of the domain is 0."""
    x0, x1, y0, y1 = dom
    g = np.stack(np.meshgrid(np.linspace(x0, x1, 64), np.linspace(y0, y1, 64)), -1).reshape(-1, 2)
    med = np.median(forward(layers, act, slope, g), axis=0)
    w, b = layers[-1]
    return layers[:-1] + [(w, (b - med).astype(np.float32))]


counts = {"regions": [0, 0, 0], "decision_regions": [0, 0, 0]}  # equal, f32 slivers, differ
by_k = {}
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "m.safetensors")
    for widths, seed, (act, slope), dom, outputs, centre in cases:
        layers = random_mlp(widths, seed, outputs)
        if centre:
            layers = centred(layers, act, slope, dom)
        save_model(path, layers, act, slope, dom)
        ours = run_nnviz(path)
        rc, _ = regioncam_partition(layers, act, slope, dom)
        theirs = {"regions": rc.num_faces}
        rc.decision_boundary()
        theirs["decision_regions"] = rc.num_faces
        tag = (f"{'x'.join(map(str, widths)):>14} K {outputs:2d}{' centred' if centre else '        '} seed {seed:4d} "
               f"{act:10s} domain {dom}")
        stats = by_k.setdefault(outputs, [0, 0])
        stats[1] += 1
        all_equal = True
        for key in ("regions", "decision_regions"):
            a, b = ours[key], theirs[key]
            if a == b:
                counts[key][0] += 1
            elif b > 10000 and abs(a - b) <= max(3, b // 5000):
                counts[key][1] += 1
                all_equal = False
                print(f"f32 slivers  {key:16s} {tag}: nnviz {a}, regioncam {b}")
            else:
                counts[key][2] += 1
                all_equal = False
                print(f"DIFFERENT    {key:16s} {tag}: nnviz {a}, regioncam {b}")
        stats[0] += all_equal
for key, (equal, small, differ) in counts.items():
    print(f"{key}: {equal} equal, {differ} differ, {small} differ by float32 slivers (>10^4 regions) "
          f"out of {len(cases)} networks")
print("both counts equal by outputs: " + ", ".join(f"K={k}: {e}/{n}" for k, (e, n) in sorted(by_k.items())))
sys.exit(1 if counts["regions"][2] or counts["decision_regions"][2] else 0)
