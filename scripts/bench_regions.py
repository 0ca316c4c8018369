"""nnviz vs regioncam 0.5.2 on identical PyTorch-initialised weights, side by side.

For each width × depth (ReLU, [-1,1]^2, fixed seed) both engines run in fresh processes so each
peak memory is its own; times are the region computation alone, best of --repeats runs.
Usage: bench_regions.py [--widths 8,16,…] [--depths 1,2,3,4] [--repeats N]
Prints a line per configuration as it runs, then the whole table in Markdown.
"""
import argparse, json, os, subprocess, sys, tempfile
from nnviz_py import random_mlp, save_model, run_nnviz

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = r"""
import json, sys, resource
sys.path.insert(0, %r)
from safetensors.numpy import load_file
from nnviz_py import regioncam_partition
t = load_file(sys.argv[1])
n = len([k for k in t if k.endswith(".weight")])
layers = [(t[f"{2*i}.weight"], t[f"{2*i}.bias"]) for i in range(n)]
rc, secs = regioncam_partition(layers)
print(json.dumps({"regions": rc.num_faces, "seconds": secs,
                  "peak_memory_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
""" % HERE

ap = argparse.ArgumentParser()
ap.add_argument("--widths", default="8,16,32,64,128,256")
ap.add_argument("--depths", default="1,2,3,4")
ap.add_argument("--repeats", type=int, default=3)
ap.add_argument("--seed", type=int, default=0)
args = ap.parse_args()


def best(fn):
    runs = [fn() for _ in range(args.repeats)]
    return min(runs, key=lambda r: r["seconds"])


rows = []
with tempfile.TemporaryDirectory() as tmp:
    for d in map(int, args.depths.split(",")):
        for w in map(int, args.widths.split(",")):
            path = os.path.join(tmp, f"w{w}d{d}.safetensors")
            save_model(path, random_mlp([w] * d, args.seed + 1000 * d + w))
            ours = best(lambda: run_nnviz(path))
            theirs = best(lambda: json.loads(subprocess.run([sys.executable, "-c", RUNNER, path], check=True,
                                                            capture_output=True, text=True).stdout))
            row = (w, d, ours["regions"], theirs["regions"], ours["seconds"], theirs["seconds"],
                   ours["peak_memory_bytes"], theirs["peak_memory_bytes"])
            rows.append(row)
            print(f"{w:4d}x{d}  regions {row[2]:7d} / {row[3]:7d}{'' if row[2] == row[3] else ' (DIFFERENT)'}"
                  f"  time {row[4]:8.4f} s / {row[5]:8.4f} s = {row[5] / row[4]:6.1f}x"
                  f"  peak {row[6] / 2**20:7.1f} MB / {row[7] / 2**20:7.1f} MB = {row[7] / row[6]:5.1f}x",
                  flush=True)

print()
print("| width × depth | regions (nnviz / regioncam) | nnviz s | regioncam s | speed-up | nnviz peak MB | regioncam peak MB | memory ratio |")
print("|---|---|---|---|---|---|---|---|")
for w, d, r1, r2, s1, s2, m1, m2 in rows:
    same = f"{r1}" if r1 == r2 else f"{r1} / {r2}"
    print(f"| {w} × {d} | {same} | {s1:.4f} | {s2:.4f} | {s2 / s1:.1f}× | {m1 / 2**20:.0f} | {m2 / 2**20:.0f} | {m2 / m1:.1f}× |")
differ = [r for r in rows if r[2] != r[3]]
print(f"{len(rows) - len(differ)} of {len(rows)} region counts equal", file=sys.stderr)
