"""nnviz vs regioncam 0.5.2 on identical float32 weights, side by side.

Both engines run in fresh processes so each peak memory is its own; times are the region
computation alone, best of --repeats runs.

Usage:
  bench_regions.py                      the issue-9 suite (default): networks trained on a
                                        photo-like image (64x4, 128x4) and PyTorch-initialised
                                        ones (128x4, 64x8, 128x6, 256x4, 512x2, 1000x1)
  bench_regions.py --grid [--widths 8,16,…] [--depths 1,2,3,4]
                                        a width x depth grid of PyTorch-initialised networks
  --repeats N (default 3), --seed S, --retrain (train the image networks again)

Trained networks are cached in .build/bench-models/ (training 128x4 takes a few minutes).
Prints a line per network as it runs, then the whole table in Markdown.
"""
import argparse, json, math, os, subprocess, sys, tempfile
from nnviz_py import ROOT, nnviz_binary, random_mlp, save_model, run_nnviz

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = r"""
import json, sys, resource
sys.path.insert(0, %r)
from safetensors import safe_open
from safetensors.numpy import load_file
from nnviz_py import regioncam_partition
t = load_file(sys.argv[1])
with safe_open(sys.argv[1], "np") as f:
    meta = f.metadata() or {}
n = len([k for k in t if k.endswith(".weight")])
layers = [(t[f"{2*i}.weight"], t[f"{2*i}.bias"]) for i in range(n)]
domain = tuple(float(v) for v in meta["domain"].split(",")) if "domain" in meta else (-1, 1, -1, 1)
rc, secs = regioncam_partition(layers, meta.get("activation", "relu"), float(meta.get("negative_slope", 0)), domain)
print(json.dumps({"regions": rc.num_faces, "seconds": secs,
                  "peak_memory_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
""" % HERE

ap = argparse.ArgumentParser()
ap.add_argument("--grid", action="store_true")
ap.add_argument("--widths", default="8,16,32,64,128,256")
ap.add_argument("--depths", default="1,2,3,4")
ap.add_argument("--repeats", type=int, default=3)
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--epochs", type=int, default=300)
ap.add_argument("--retrain", action="store_true")
args = ap.parse_args()


def photo(path, w=400, h=300):
    """A smooth, photo-like silhouette (a figure on hills under two clouds, blurred): a few curved
    dark-light boundaries of the kind a network trained on a real photo spends its regions on."""
    from PIL import Image, ImageDraw, ImageFilter
    img = Image.new("L", (w, h), 230)
    d = ImageDraw.Draw(img)
    hills = [(x, int(h * 0.78 + 18 * math.sin(x / 37.0) + 9 * math.sin(x / 13.0 + 1))) for x in range(0, w + 1, 4)]
    d.polygon(hills + [(w, h), (0, h)], fill=40)
    for box, grey in [((170, 40, 230, 100), 30), ((150, 95, 250, 230), 30), ((95, 120, 175, 150), 35),
                      ((225, 110, 320, 140), 35), ((60, 30, 120, 70), 60), ((300, 50, 370, 95), 60)]:
        d.ellipse(box, fill=grey)
    img.filter(ImageFilter.GaussianBlur(4)).save(path)


def trained(width, depth):
    """A model trained on the photo with nnviz's defaults (LeakyReLU 0.02), cached."""
    cache = os.path.join(ROOT, ".build", "bench-models")
    os.makedirs(cache, exist_ok=True)
    image = os.path.join(cache, "photo400x300.png")
    if not os.path.exists(image) or args.retrain:
        photo(image)
    run = os.path.join(cache, f"photo-{width}x{depth}-e{args.epochs}")
    model = os.path.join(run, "model.safetensors")
    if not os.path.exists(model) or args.retrain:
        print(f"training {width}x{depth} on {image} ({args.epochs} epochs)…", file=sys.stderr, flush=True)
        subprocess.run([nnviz_binary(), image, "--width", str(width), "--depth", str(depth), "--epochs",
                        str(args.epochs), "--save-dir", run, "--force"], check=True, stdout=subprocess.DEVNULL)
    return model


def best(fn):
    runs = [fn() for _ in range(args.repeats)]
    return min(runs, key=lambda r: r["seconds"])


def regioncam(path):
    out = subprocess.run([sys.executable, "-c", RUNNER, path], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


rows = []


def measure(label, path):
    ours = best(lambda: run_nnviz(path))
    theirs = best(lambda: regioncam(path))
    row = (label, ours["regions"], theirs["regions"], ours["seconds"], theirs["seconds"],
           ours["peak_memory_bytes"], theirs["peak_memory_bytes"])
    rows.append(row)
    print(f"{label:24s} regions {row[1]:7d} / {row[2]:7d}{'' if row[1] == row[2] else ' (DIFFERENT)'}"
          f"  time {row[3]:8.4f} s / {row[4]:8.4f} s = {row[4] / row[3]:6.1f}x"
          f"  peak {row[5] / 2**20:7.1f} MB / {row[6] / 2**20:7.1f} MB = {row[6] / row[5]:5.1f}x", flush=True)


def load():
    """The 1-, 5- and 15-minute load averages: on a shared machine they say how calm a run was."""
    with open("/proc/loadavg") as f:
        return " / ".join(f.read().split()[:3])


load_before = load()
with tempfile.TemporaryDirectory() as tmp:
    if args.grid:
        for d in map(int, args.depths.split(",")):
            for w in map(int, args.widths.split(",")):
                path = os.path.join(tmp, f"w{w}d{d}.safetensors")
                save_model(path, random_mlp([w] * d, args.seed + 1000 * d + w))
                measure(f"{w} × {d}", path)
    else:
        for w, d in [(64, 4), (128, 4)]:
            measure(f"{w} × {d} trained on a photo", trained(w, d))
        for w, d in [(128, 4), (64, 8), (128, 6), (256, 4), (512, 2), (1000, 1)]:
            path = os.path.join(tmp, f"w{w}d{d}.safetensors")
            save_model(path, random_mlp([w] * d, args.seed + 1000 * d + w))
            measure(f"{w} × {d} random", path)

print()
print("| network | regions (nnviz / regioncam) | nnviz s | regioncam s | speed-up | nnviz peak MB | regioncam peak MB | memory ratio |")
print("|---|---|---|---|---|---|---|---|")
for label, r1, r2, s1, s2, m1, m2 in rows:
    same = f"{r1}" if r1 == r2 else f"{r1} / {r2}"
    print(f"| {label} | {same} | {s1:.4f} | {s2:.4f} | {s2 / s1:.1f}× | {m1 / 2**20:.0f} | {m2 / 2**20:.0f} | {m2 / m1:.1f}× |")
print(f"\nload average (1 / 5 / 15 min): {load_before} before, {load()} after")
differ = [r for r in rows if r[1] != r[2]]
print(f"{len(rows) - len(differ)} of {len(rows)} region counts equal", file=sys.stderr)
