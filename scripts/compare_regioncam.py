"""Compares nnviz's region counts with regioncam 0.5.2 on identical random weights.

Usage: compare_regioncam.py [--quick]
Exit status 1 if any count differs (regioncam works in float32, so above ~10^4 regions a few
slivers may legitimately differ: those cases are reported separately and listed as f32 slivers).
"""
import os, sys, tempfile
from nnviz_py import random_mlp, save_model, run_nnviz, regioncam_partition

quick = "--quick" in sys.argv
cases = []
for seed in range(6 if quick else 20):
    for widths in ([1], [3], [8], [8, 8], [16, 16, 16], [5, 9, 4], [32, 32], [64], [12, 12, 12, 12, 12]):
        act = ("relu", 0.0) if seed % 2 == 0 else ("leaky_relu", 0.02)
        dom = (-1, 1, -1, 1) if seed % 3 != 2 else (0.25, 3.0, -2.0, -0.5)
        cases.append((widths, seed, act, dom))
if not quick:
    for seed in range(3):
        for widths in ([64, 64, 64], [128, 128], [32] * 5):
            cases.append((widths, 100 + seed, ("relu", 0.0), (-1, 1, -1, 1)))

equal = differ_small = differ = 0
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "m.safetensors")
    for widths, seed, (act, slope), dom in cases:
        layers = random_mlp(widths, seed)
        save_model(path, layers, act, slope, dom)
        ours = run_nnviz(path)["regions"]
        rc, _ = regioncam_partition(layers, act, slope, dom)
        theirs = rc.num_faces
        tag = f"{'x'.join(map(str, widths)):>14} seed {seed:3d} {act:10s} domain {dom}"
        if ours == theirs:
            equal += 1
        elif theirs > 10000 and abs(ours - theirs) <= max(3, theirs // 5000):
            differ_small += 1
            print(f"f32 slivers  {tag}: nnviz {ours}, regioncam {theirs}")
        else:
            differ += 1
            print(f"DIFFERENT    {tag}: nnviz {ours}, regioncam {theirs}")
print(f"{equal} equal, {differ} differ, {differ_small} differ by float32 slivers (>10^4 regions) "
      f"out of {len(cases)} networks")
sys.exit(1 if differ else 0)
