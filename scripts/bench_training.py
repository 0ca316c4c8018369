"""Seconds per epoch and final accuracy: PyTorch (CPU) vs nnviz, same recipe, side by side.

Recipe for both: a 256x256 image (default: the bundled two-spiral sample upscaled 2x, a task both
converge on, so the accuracies can be compared; the 8x2 checkerboard is too seed-dependent for that), pixel centres with y up and the long side on [-1,1],
label = darkness > 0.5; nn.Sequential(Linear, LeakyReLU(0.02), ..., Linear); AdamW(lr 0.01,
weight decay 1e-4); BCEWithLogits; shuffled batches of 8192; warm-up + cosine schedule over the run
(nnviz's default); the same number of epochs; one thread each (--threads to change).
Usage: bench_training.py [--epochs 60] [--seeds 0,1,2] [--threads 1] [--configs 8x2,64x4]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time, math
import numpy as np
import torch
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--epochs", type=int, default=60)
ap.add_argument("--seeds", default="0,1,2")
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--configs", default="8x2,64x4")
ap.add_argument("--image", default=None, help="a 256x256 image (default: data/spirals128.png upscaled 2x)")
args = ap.parse_args()
if args.image is None:
    args.image = os.path.join(tempfile.mkdtemp(), "spirals256.png")
    Image.open(os.path.join(ROOT, "data/spirals128.png")).resize((256, 256), Image.NEAREST).save(args.image)
torch.set_num_threads(args.threads)
NNVIZ = os.environ["NNVIZ_BIN"]


def dataset(path):
    img = Image.open(path).convert("RGBA")
    bg = Image.new("RGBA", img.size, (255, 255, 255, 255))
    grey = np.asarray(Image.alpha_composite(bg, img).convert("RGB"), dtype=np.float64) / 255
    grey = 0.299 * grey[..., 0] + 0.587 * grey[..., 1] + 0.114 * grey[..., 2]
    h, w = grey.shape
    s = max(w, h)
    xs = -w / s + (2 * np.arange(w) + 1) / s
    ys = h / s - (2 * np.arange(h) + 1) / s
    X, Y = np.meshgrid(xs, ys)
    pts = np.stack([X.ravel(), Y.ravel()], 1).astype(np.float32)
    labels = ((1 - grey.ravel()) > 0.5).astype(np.float32)
    return torch.from_numpy(pts), torch.from_numpy(labels)


def lr_at(step, total, lr=0.01):
    warm = max(1, total // 50)
    if step < warm:
        return lr * (step + 1) / warm
    t = min(1.0, (step - warm) / max(1, total - warm))
    return lr * (0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * t)))


def torch_run(widths, seed, pts, labels):
    torch.manual_seed(seed)
    dims = [2] + widths + [1]
    layers = []
    for i in range(len(dims) - 1):
        layers.append(torch.nn.Linear(dims[i], dims[i + 1]))
        if i < len(dims) - 2:
            layers.append(torch.nn.LeakyReLU(0.02))
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.AdamW(model.parameters(), lr=0.01, weight_decay=1e-4)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    n = len(labels)
    batches = (n + 8191) // 8192
    total = args.epochs * batches
    step = 0
    times = []
    for _ in range(args.epochs):
        t = time.perf_counter()
        perm = torch.randperm(n)
        for b in range(batches):
            idx = perm[b * 8192:(b + 1) * 8192]
            for g in opt.param_groups:
                g["lr"] = lr_at(step, total)
            opt.zero_grad()
            loss = loss_fn(model(pts[idx]).squeeze(1), labels[idx])
            loss.backward()
            opt.step()
            step += 1
        times.append(time.perf_counter() - t)
    with torch.no_grad():
        acc = ((model(pts).squeeze(1) > 0).float() == labels).float().mean().item()
    return statistics.median(times), acc


def nnviz_run(widths, seed, tmp):
    out = subprocess.run([NNVIZ, args.image, "--widths", ",".join(map(str, widths)), "--epochs", str(args.epochs),
                          "--seed", str(seed), "--threads", str(args.threads), "--save-dir", os.path.join(tmp, f"s{seed}"),
                          "--force", "--exact-max-regions", "20000", "--json"], check=True, capture_output=True, text=True)
    d = json.loads(out.stdout.strip().splitlines()[-1])
    log = open(os.path.join(d["out_dir"], "train_log.csv")).read().splitlines()[1:]
    per_epoch = statistics.median(float(l.split(",")[4]) for l in log)
    return per_epoch, d["final_accuracy"]


pts, labels = dataset(args.image)
print(f"image {os.path.basename(args.image)}: {len(labels)} pixels, {args.epochs} epochs, {args.threads} thread(s), "
      f"torch {torch.__version__}, seeds {args.seeds}", flush=True)
rows = []
with tempfile.TemporaryDirectory() as tmp:
    for cfg in args.configs.split(","):
        w, d = map(int, cfg.split("x"))
        widths = [w] * d
        t_runs = [torch_run(widths, int(s), pts, labels) for s in args.seeds.split(",")]
        n_runs = [nnviz_run(widths, int(s), tmp) for s in args.seeds.split(",")]
        tt = statistics.median(r[0] for r in t_runs); ta = statistics.median(r[1] for r in t_runs)
        nt = statistics.median(r[0] for r in n_runs); na = statistics.median(r[1] for r in n_runs)
        rows.append((cfg, tt, nt, ta, na))
        print(f"{cfg:>5}: torch {tt * 1000:7.2f} ms/epoch, nnviz {nt * 1000:7.2f} ms/epoch = {tt / nt:5.1f}x;"
              f" accuracy torch {ta * 100:.2f} %, nnviz {na * 100:.2f} %", flush=True)
print()
print("| width × depth | PyTorch ms/epoch | nnviz ms/epoch | speed-up | PyTorch accuracy | nnviz accuracy |")
print("|---|---|---|---|---|---|")
for cfg, tt, nt, ta, na in rows:
    print(f"| {cfg.replace('x', ' × ')} | {tt * 1000:.2f} | {nt * 1000:.2f} | {tt / nt:.1f}× | {ta * 100:.2f} % | {na * 100:.2f} % |")
