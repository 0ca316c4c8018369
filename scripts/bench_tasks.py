"""Training quality of the classes and regression tasks with nnviz's default recipe.

Each case trains `nnviz train IMAGE --task ...` with no learning rate or epoch count given (the
defaults under test), reads the final accuracy (classes) or loss -> PSNR (regression) and the
training seconds from its --json line, and then runs the same recipe in PyTorch: the same pixel
centres and targets, nn.Sequential(Linear, LeakyReLU(0.02), ..., Linear), AdamW(lr, weight decay
1e-4), CrossEntropyLoss or MSELoss, shuffled batches of 8192, nnviz's warm-up + cosine schedule,
the same epoch count, the same thread count (nnviz's default: 1 below width 64, else all cores;
--threads N sets both).

The photo-like classes case quantises data/silhouette400.png into 3 grey levels here (a plain
k-means on the grey values) and saves them as a 3-colour PNG, so that both trainers see identical
labels: nnviz keeps an image's colours exactly when there are at most K of them.

Usage: bench_tasks.py [--configs 32x3,64x4] [--seeds 0] [--cases badge,photo,...] [--threads N] [--no-torch]
"""
import argparse, json, math, os, statistics, subprocess, sys, tempfile, time
import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data")
ap = argparse.ArgumentParser()
ap.add_argument("--configs", default="32x3,64x4")
ap.add_argument("--seeds", default="0")
ap.add_argument("--cases", default="badge,photo,silhouette,spirals,badge-rgb")
ap.add_argument("--threads", type=int, default=0, help="threads for both (default: nnviz's own choice)")
ap.add_argument("--no-torch", action="store_true")
args = ap.parse_args()
NNVIZ = os.environ["NNVIZ_BIN"]
if not args.no_torch:
    import torch
tmp = tempfile.mkdtemp(prefix="nnviz-bench-tasks-")


def photo_classes(k=3):
    """silhouette400 quantised to k grey levels by 1-D k-means (quantile start), as a k-colour PNG."""
    g = np.asarray(Image.open(os.path.join(DATA, "silhouette400.png")).convert("L"), dtype=np.float64)
    centres = np.quantile(g, (np.arange(k) + 0.5) / k)
    for _ in range(100):
        assign = np.abs(g[..., None] - centres).argmin(-1)
        new = np.array([g[assign == c].mean() for c in range(k)])
        if np.allclose(new, centres):
            break
        centres = new
    out = np.round(centres[assign]).astype(np.uint8)
    path = os.path.join(tmp, "silhouette400-3levels.png")
    Image.fromarray(out, "L").convert("RGB").save(path)
    return path


# name -> (image, nnviz task options, description)
CASES = {
    "badge": (os.path.join(DATA, "badge160.png"), ["--task", "classes", "--classes", "4"], "classes K=4"),
    "photo": (None, ["--task", "classes", "--classes", "3"], "classes K=3"),
    "silhouette": (os.path.join(DATA, "silhouette400.png"), ["--task", "regression"], "regression grey"),
    "spirals": (os.path.join(DATA, "spirals128.png"), ["--task", "regression"], "regression grey"),
    "badge-rgb": (os.path.join(DATA, "badge160.png"), ["--task", "regression", "--channels", "3"], "regression RGB"),
}


def dataset(path, opts):
    """Pixel centres (y up, long side on [-1, 1]) and targets as nnviz builds them."""
    img = Image.open(path).convert("RGBA")
    bg = Image.new("RGBA", img.size, (255, 255, 255, 255))
    rgb8 = np.asarray(Image.alpha_composite(bg, img).convert("RGB"))
    rgb = rgb8.astype(np.float64) / 255
    h, w, _ = rgb.shape
    s = max(w, h)
    xs = -w / s + (2 * np.arange(w) + 1) / s
    ys = h / s - (2 * np.arange(h) + 1) / s
    X, Y = np.meshgrid(xs, ys)
    pts = np.stack([X.ravel(), Y.ravel()], 1).astype(np.float32)
    if opts[1] == "classes":
        # At most K distinct colours: each colour is a class, most frequent first, ties darker first.
        keys = (rgb8[..., 0].astype(np.int64) << 16 | rgb8[..., 1].astype(np.int64) << 8 | rgb8[..., 2]).ravel()
        colours, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        assert len(colours) <= int(opts[3]), "the bench's classes images have at most K colours"
        luma = np.array([0.299 * (c >> 16) + 0.587 * (c >> 8 & 255) + 0.114 * (c & 255) for c in colours])
        order = sorted(range(len(colours)), key=lambda c: (-counts[c], luma[c], c))
        rank = np.empty(len(colours), dtype=np.int64)
        rank[order] = np.arange(len(colours))
        return pts, rank[inverse], len(colours)
    grey = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
    channels = 3 if "--channels" in opts else 1
    y = rgb.reshape(-1, 3) if channels == 3 else grey.reshape(-1, 1)
    return pts, y.astype(np.float32), channels


def lr_at(step, total, lr):
    warm = max(1, total // 50)
    if step < warm:
        return lr * (step + 1) / warm
    t = min(1.0, (step - warm) / max(1, total - warm))
    return lr * (0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * t)))


def torch_run(widths, seed, pts, y, outputs, classes, epochs, lr, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    dims = [2] + widths + [outputs]
    layers = []
    for i in range(len(dims) - 1):
        layers.append(torch.nn.Linear(dims[i], dims[i + 1]))
        if i < len(dims) - 2:
            layers.append(torch.nn.LeakyReLU(0.02))
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    loss_fn = torch.nn.CrossEntropyLoss() if classes else torch.nn.MSELoss()
    X = torch.from_numpy(pts)
    Y = torch.from_numpy(y)
    n = len(X)
    batches = (n + 8191) // 8192
    total = epochs * batches
    step = 0
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(n)
        for b in range(batches):
            idx = perm[b * 8192:(b + 1) * 8192]
            for g in opt.param_groups:
                g["lr"] = lr_at(step, total, lr)
            opt.zero_grad()
            loss = loss_fn(model(X[idx]), Y[idx])
            loss.backward()
            opt.step()
            step += 1
    seconds = time.perf_counter() - start
    with torch.no_grad():
        z = model(X)
        if classes:
            return (z.argmax(1) == Y).float().mean().item(), seconds
        mse = ((z - Y) ** 2).mean().item()
        return 10 * math.log10(1 / mse), seconds


def nnviz_run(image, opts, widths, seed):
    out_dir = os.path.join(tmp, "run")
    threads = ["--threads", str(args.threads)] if args.threads > 0 else []
    res = subprocess.run([NNVIZ, "train", image, *opts, "--widths", ",".join(map(str, widths)), "--seed", str(seed),
                          *threads, "--save-dir", out_dir, "--force", "--exact-max-regions", "20000", "--json"],
                         check=True, capture_output=True, text=True)
    d = json.loads(res.stdout.strip().splitlines()[-1])
    cfg = json.load(open(os.path.join(out_dir, "config.json")))["options"]
    score = d["final_accuracy"] if opts[1] == "classes" else 10 * math.log10(1 / d["final_loss"])
    return score, d["seconds_train"], d["epochs"], d["steps"], cfg["learning_rate"], cfg["threads"]


def fmt(score, classes):
    return f"{score * 100:.2f} %" if classes else f"{score:.2f} dB"


cases = [c for c in args.cases.split(",") if c]
seeds = [int(s) for s in args.seeds.split(",")]
print(f"nnviz default recipe per task; seeds {args.seeds}; threads {args.threads or 'nnviz default'}; "
      + ("no PyTorch" if args.no_torch else f"torch {torch.__version__}"), flush=True)
rows = []
for name in cases:
    image, opts, what = CASES[name]
    if image is None:
        image = photo_classes()
    classes = opts[1] == "classes"
    pts, y, outputs = dataset(image, opts)
    for cfg in args.configs.split(","):
        w, d = map(int, cfg.split("x"))
        widths = [w] * d
        runs = [nnviz_run(image, opts, widths, s) for s in seeds]
        score = statistics.median(r[0] for r in runs)
        secs = statistics.median(r[1] for r in runs)
        _, _, epochs, steps, lr, threads = runs[0]
        row = [f"{os.path.basename(image)} ({pts.shape[0]} px)", what, cfg.replace("x", " × "), f"{lr:g}",
               f"{epochs} / {steps}", fmt(score, classes), f"{secs:.1f}"]
        if not args.no_torch:
            t = [torch_run(widths, s, pts, y, outputs, classes, epochs, lr, threads) for s in seeds]
            row += [fmt(statistics.median(r[0] for r in t), classes), f"{statistics.median(r[1] for r in t):.1f}"]
        rows.append(row)
        print("  ".join(row), flush=True)

head = ["image", "task", "width × depth", "lr", "epochs / steps", "nnviz", "nnviz s"]
if not args.no_torch:
    head += ["PyTorch", "PyTorch s"]
print()
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
for row in rows:
    print("| " + " | ".join(row) + " |")
