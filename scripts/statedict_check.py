"""State dicts written by real PyTorch code, loaded by nnviz: region counts (hidden and decision)
against regioncam 0.5.2 on the same domain, every refusal's one-line message, and a real
64-input model (an MLP trained on scikit-learn's 8x8 digits) on the plane through three digits,
checked against regioncam and against 64-D forward passes.

regioncam gets the weights as Python computes them: BatchNorm folded here in float64, the plane
folded into the first layer here in float64, then float32 (regioncam's precision).
Exit status 1 if any check fails.
"""
import json, os, subprocess, sys, tempfile, time
import numpy as np
import torch
from torch import nn
from safetensors.torch import save_file
from nnviz_py import nnviz_binary, regioncam_partition

torch.manual_seed(0)
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def run(args):
    return subprocess.run([nnviz_binary(), "regions", *args], capture_output=True, text=True)


def nnviz_json(args):
    r = run([*args, "--json"])
    if r.returncode != 0:
        return None, r.stderr.strip()
    return json.loads(r.stdout.strip().splitlines()[-1]), ""


def affine_chain(modules):
    """(W, b) per Linear in float64, each BatchNorm1d (eval) folded into the Linear before it."""
    layers = []
    for m in modules:
        if isinstance(m, nn.Linear):
            w = m.weight.detach().double().numpy()
            b = m.bias.detach().double().numpy() if m.bias is not None else np.zeros(w.shape[0])
            layers.append([w, b])
        elif isinstance(m, nn.BatchNorm1d):
            s = m.weight.detach().double().numpy() / np.sqrt(m.running_var.double().numpy() + m.eps)
            w, b = layers[-1]
            layers[-1] = [s[:, None] * w, s * (b - m.running_mean.double().numpy()) + m.bias.detach().double().numpy()]
    return layers


def f32(layers):
    return [(w.astype(np.float32), b.astype(np.float32)) for w, b in layers]


def warm_batchnorm(model, inputs):
    """A few training-mode passes so BatchNorm's running statistics are far from (0, 1)."""
    model.train()
    with torch.no_grad():
        for bn in [m for m in model.modules() if isinstance(m, nn.BatchNorm1d)]:
            bn.weight.uniform_(0.5, 2.0)
            bn.bias.uniform_(-0.5, 0.5)
            bn.momentum = 0.5
        for _ in range(5):
            model(torch.randn(256, inputs, dtype=next(model.parameters()).dtype) * 1.5 + 0.3)
    model.eval()


class Named(nn.Module):
    def __init__(self, k=1):
        super().__init__()
        self.fc1, self.fc2, self.out = nn.Linear(2, 16), nn.Linear(16, 16), nn.Linear(16, k)

    def chain(self):
        return [self.fc1, self.fc2, self.out]


class Listed(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(2, 12), nn.Linear(12, 12), nn.Linear(12, 3)])

    def chain(self):
        return list(self.layers)


class Nested(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Module()
        self.model.backbone = nn.Sequential(nn.Linear(2, 10), nn.ReLU(), nn.Linear(10, 10), nn.ReLU())
        self.model.head = nn.Linear(10, 2)

    def chain(self):
        return [self.model.backbone[0], self.model.backbone[2], self.model.head]


class NamedBN(nn.Module):
    """fc1, bn1, fc2, bn2, out with equal widths: the shapes allow two orders, --layers decides."""

    def __init__(self):
        super().__init__()
        self.fc1, self.bn1 = nn.Linear(2, 12), nn.BatchNorm1d(12)
        self.fc2, self.bn2 = nn.Linear(12, 12), nn.BatchNorm1d(12)
        self.out = nn.Linear(12, 3)

    def forward(self, x):
        x = torch.relu(self.bn1(self.fc1(x)))
        return self.out(torch.relu(self.bn2(self.fc2(x))))

    def chain(self):
        return [self.fc1, self.bn1, self.fc2, self.bn2, self.out]


def sequential_chain(seq):
    return [m for m in seq if isinstance(m, (nn.Linear, nn.BatchNorm1d))]


cases = [
    ("named modules fc1,fc2,out", Named(), None, {}),
    ("named modules, 3-logit head", Named(3), None, {}),
    ("ModuleList layers.0..2, 3 logits", Listed(), None, {}),
    ("nested prefixes model.backbone.N + model.head", Nested(), None, {}),
    ("bias=False", nn.Sequential(nn.Linear(2, 12, bias=False), nn.ReLU(), nn.Linear(12, 8, bias=False), nn.ReLU(),
                                 nn.Linear(8, 1)), None, {}),
    ("BatchNorm1d (eval), 3 logits", nn.Sequential(nn.Linear(2, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 12),
                                                   nn.BatchNorm1d(12), nn.ReLU(), nn.Linear(12, 3)), None, {}),
    ("BatchNorm1d eps=1e-3 from metadata", nn.Sequential(nn.Linear(2, 16), nn.BatchNorm1d(16, eps=1e-3), nn.ReLU(),
                                                         nn.Linear(16, 1)), None, {"batchnorm_eps": "0.001"}),
    ("Dropout between layers, 2 logits", nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.2), nn.Linear(16, 16),
                                                       nn.ReLU(), nn.Dropout(0.2), nn.Linear(16, 2)), None, {}),
    ("float64 named modules", Named(2).double(), None, {}),
    ("LeakyReLU(0.1) from metadata", nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.1), nn.Linear(16, 16),
                                                   nn.LeakyReLU(0.1), nn.Linear(16, 1)), None,
     {"activation": "leaky_relu", "negative_slope": "0.1"}),
    ("named BatchNorm, --layers fc1,bn1,fc2,bn2,out", NamedBN(), "fc1,bn1,fc2,bn2,out", {}),
]

t0 = time.perf_counter()
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "m.safetensors")
    for name, model, order, meta in cases:
        if any(isinstance(m, nn.BatchNorm1d) for m in model.modules()):
            warm_batchnorm(model, 2)
        model.eval()
        save_file(model.state_dict(), path, metadata=meta or None)
        chain = model.chain() if hasattr(model, "chain") else sequential_chain(model)
        layers = f32(affine_chain(chain))
        act = meta.get("activation", "relu")
        slope = float(meta.get("negative_slope", 0))
        if order:
            r = run(["--model", path])
            check(r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1 and "ambiguous layer order" in r.stderr
                  and "--layers fc1,bn1,fc2,bn2,out" in r.stderr, f"{name}: without --layers refused, candidates listed")
        ours, err = nnviz_json(["--model", path] + (["--layers", order] if order else []))
        if ours is None:
            check(False, f"{name}: nnviz refused it: {err}")
            continue
        rc, _ = regioncam_partition(layers, act, slope, (-1, 1, -1, 1))
        faces = rc.num_faces
        rc, _ = regioncam_partition(layers, act, slope, (-1, 1, -1, 1), decision=True)
        check(ours["regions"] == faces and ours["decision_regions"] == rc.num_faces,
              f"{name}: nnviz {ours['regions']}/{ours['decision_regions']} regions/decision, "
              f"regioncam {faces}/{rc.num_faces}")

    # Refusals, each one line and exit status 1.
    def refused(model_tensors, args, expected, what):
        save_file(model_tensors, path)
        r = run(["--model", path, *args])
        line = r.stderr.strip()
        check(r.returncode == 1 and len(line.splitlines()) == 1 and expected in line, f"refused: {what}: {line!r}")

    sd = lambda m: {k: v.contiguous() for k, v in m.state_dict().items()}
    refused(sd(nn.Sequential(nn.Linear(2, 8), nn.LayerNorm(8), nn.ReLU(), nn.Linear(8, 1))), [],
            "tensor '1.weight' is a 1-D weight without running statistics (LayerNorm): LayerNorm is not piecewise linear",
            "LayerNorm")
    refused(sd(nn.Sequential(nn.Conv1d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4, 1))), [],
            "tensor '0.weight' has shape [4, 1, 3]: convolutions are not supported", "Conv1d")
    refused(sd(nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.BatchNorm1d(8), nn.Linear(8, 1))), [],
            "BatchNorm1d '2' is not directly after Linear '0'", "BatchNorm1d after the activation")
    refused(sd(nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(7, 1))), [],
            "'0' has 8 outputs but '2' takes 7", "shapes that chain in no order")
    refused(dict(sd(Named()), **{"ema.shadow": torch.zeros(3)}), [],
            "tensor 'ema.shadow' is not a parameter of a Linear or BatchNorm1d, so it fits no chain", "stray tensor")
    refused(sd(Named()), ["--layers", "fc1,out"], "tensor 'fc2.weight' belongs to module 'fc2', which --layers leaves out",
            "--layers leaving a module out")
    refused(sd(nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 1))), [],
            "the network takes 5 inputs, not 2 (x, y): open it on a plane through three data points with nnviz regions "
            "--model M --points DATA --through I,J,K", "5 inputs without a plane")

    # The digits: a real 64-input, 10-class model on the plane through three digits.
    from sklearn.datasets import load_digits
    digits = load_digits()
    x = torch.tensor(digits.data / 16.0, dtype=torch.float32)
    y = torch.tensor(digits.target)
    net = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 10))
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    for _ in range(150):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    net.eval()
    accuracy = float((net(x).argmax(1) == y).float().mean())
    check(accuracy > 0.95, f"digits MLP 64-32-16-10 trained: training accuracy {accuracy:.3f}")
    model_path = os.path.join(tmp, "digits.safetensors")
    save_file(net.state_dict(), model_path)
    points = os.path.join(tmp, "digits.npy")
    np.save(points, digits.data / 16.0)
    csv = os.path.join(tmp, "digits.csv")
    with open(csv, "w") as f:
        f.write(",".join(f"p{i}" for i in range(64)) + ",label\n")
        for row, label in zip(digits.data / 16.0, digits.target):
            f.write(",".join(repr(float(v)) for v in row) + f",{label}\n")
    rows = [int(np.flatnonzero(digits.target == d)[0]) for d in (0, 1, 7)]
    through = ",".join(map(str, rows))
    export = os.path.join(tmp, "digits-faces.json")
    figure = os.environ.get("STATEDICT_FIGURE")
    extra = ["--png", figure, "--force"] if figure else []
    ours, err = nnviz_json(["--model", model_path, "--points", points, "--through", through, "--export", export])
    check(ours is not None, f"digits plane through rows {through}: {err or 'loaded'}")
    if ours is not None:
        a, b, c = (digits.data[r] / 16.0 for r in rows)
        o = (a + b + c) / 3
        u = (b - a) / np.linalg.norm(b - a)
        w = (c - a) - np.dot(c - a, u) * u
        v = w / np.linalg.norm(w)
        plane = ours["plane"]
        check(np.allclose(plane["origin"], o, atol=1e-12) and np.allclose(plane["u"], u, atol=1e-12)
              and np.allclose(plane["v"], v, atol=1e-12), "digits plane: origin, u, v as specified")
        anchors = [[float(np.dot(p - o, u)), float(np.dot(p - o, v))] for p in (a, b, c)]
        check(np.allclose(plane["anchors"], anchors, atol=1e-12), f"digits plane: anchors at {np.round(anchors, 3).tolist()}")
        layers = affine_chain(sequential_chain(net))
        w1, b1 = layers[0]
        folded = [[w1 @ np.stack([u, v], 1), w1 @ o + b1]] + layers[1:]
        dom = tuple(ours["bounds"])
        rc, _ = regioncam_partition(f32(folded), "relu", 0, dom)
        faces = rc.num_faces
        rc, _ = regioncam_partition(f32(folded), "relu", 0, dom, decision=True)
        check(ours["regions"] == faces and ours["decision_regions"] == rc.num_faces,
              f"digits plane: nnviz {ours['regions']}/{ours['decision_regions']} regions/decision, "
              f"regioncam {faces}/{rc.num_faces} on {np.round(dom, 3).tolist()}")
        # Exactness in 64-D: at each face's vertex mean, the pattern of the float64 forward pass of
        # O + s u + t v is the face's, and the outputs are the face's affine maps.
        with open(export) as f:
            faces_json = json.load(f)["faces"]
        net64 = net.double()
        mismatches, worst = 0, 0.0
        for face in faces_json:
            s, t = np.mean(np.array(face["polygon"]), 0)
            h = torch.tensor(o + s * u + t * v).unsqueeze(0)
            pattern = []
            for m in net64:
                h = m(h)
                if isinstance(m, nn.Linear) and m is not net64[-1]:
                    pattern.append((h[0] > 0).int().tolist())
            if pattern != face["pattern"]:
                mismatches += 1
            maps = face.get("outputs", [face["logit"]])
            z = h[0].detach().numpy()
            for k, (p, q, r0) in enumerate(maps):
                worst = max(worst, abs(p * s + q * t + r0 - z[k]) / max(1.0, abs(z[k])))
        check(mismatches == 0 and worst < 1e-9,
              f"digits plane: {len(faces_json)} faces, {mismatches} pattern mismatches in 64-D forward passes, "
              f"max relative output error {worst:.1e}")
        # --plane O,U,V: origin at row O itself, u towards U, v towards V orthonormalised.
        po, pu, pv = (digits.data[r] / 16.0 for r in (rows[2], rows[0], rows[1]))
        u2 = (pu - po) / np.linalg.norm(pu - po)
        w2 = (pv - po) - np.dot(pv - po, u2) * u2
        v2 = w2 / np.linalg.norm(w2)
        p_ours, err = nnviz_json(["--model", model_path, "--points", points, "--plane", f"{rows[2]},{rows[0]},{rows[1]}",
                                  "--bounds", "-2", "4", "-1", "3"])
        if p_ours is None:
            check(False, f"digits --plane: {err}")
        else:
            folded2 = [[w1 @ np.stack([u2, v2], 1), w1 @ po + b1]] + layers[1:]
            rc, _ = regioncam_partition(f32(folded2), "relu", 0, (-2, 4, -1, 3))
            faces2 = rc.num_faces
            rc, _ = regioncam_partition(f32(folded2), "relu", 0, (-2, 4, -1, 3), decision=True)
            check(p_ours["plane"]["anchors"][0] == [0, 0] and np.allclose(p_ours["plane"]["origin"], po, atol=0)
                  and p_ours["regions"] == faces2 and p_ours["decision_regions"] == rc.num_faces,
                  f"digits --plane {rows[2]},{rows[0]},{rows[1]} --bounds -2 4 -1 3: nnviz "
                  f"{p_ours['regions']}/{p_ours['decision_regions']}, regioncam {faces2}/{rc.num_faces}")
        csv_ours, err = nnviz_json(["--model", model_path, "--points", csv, "--through", through, *extra])
        check(csv_ours is not None and csv_ours["regions"] == ours["regions"]
              and csv_ours["plane"]["labels"] == ["0", "1", "7"], f"digits plane from the CSV with labels: {err or 'same'}")
        r = run(["--model", model_path, "--points", points, "--through", f"{rows[0]},{rows[0]},{rows[2]}"])
        check(r.returncode == 1 and r.stderr.strip().endswith("invalid plane: anchors 1 and 2 are the same point"),
              f"refused: duplicate anchors: {r.stderr.strip()!r}")
        line = np.stack([digits.data[0] / 16, digits.data[1] / 16, (digits.data[0] + digits.data[1]) / 32])
        np.save(os.path.join(tmp, "line.npy"), line)
        r = run(["--model", model_path, "--points", os.path.join(tmp, "line.npy"), "--through", "0,1,2"])
        check(r.returncode == 1 and "the three anchors are collinear" in r.stderr and len(r.stderr.strip().splitlines()) == 1,
              f"refused: collinear anchors: {r.stderr.strip()!r}")
        np.save(os.path.join(tmp, "small.npy"), np.eye(3))
        r = run(["--model", model_path, "--points", os.path.join(tmp, "small.npy"), "--through", "0,1,2"])
        check(r.returncode == 1 and "the points have 3 coordinates but the model takes 64 inputs" in r.stderr,
              f"refused: dimension mismatch: {r.stderr.strip()!r}")
        r = run(["--model", model_path, "--points", points, "--through", "0,1,5000"])
        check(r.returncode == 1 and "row 5000 of --through is out of range" in r.stderr,
              f"refused: row out of range: {r.stderr.strip()!r}")
        np.save(os.path.join(tmp, "fortran.npy"), np.asfortranarray(digits.data[:5] / 16.0))
        r = run(["--model", model_path, "--points", os.path.join(tmp, "fortran.npy"), "--through", "0,1,2"])
        check(r.returncode == 1 and r.stderr.strip().endswith(
            "fortran.npy: bad points file: .npy array is in Fortran order; save it in C order"),
              f"refused: Fortran-order .npy: {r.stderr.strip()!r}")
        with open(os.path.join(tmp, "ragged.csv"), "w") as f:
            f.write("a,b,label\n1,2,x\n3,y\n")
        r = run(["--model", model_path, "--points", os.path.join(tmp, "ragged.csv"), "--through", "0,1,2"])
        check(r.returncode == 1 and r.stderr.strip().endswith("ragged.csv: bad points file: CSV line 3 has 2 fields, not 3"),
              f"refused: ragged CSV: {r.stderr.strip()!r}")
        r = run(["--model", model_path, "--through", "0,1,2"])
        check(r.returncode == 2 and "--through and --plane need --points DATA" in r.stderr,
              f"usage: --through without --points: {r.stderr.strip()!r}")

print(f"{len(failures)} failures; {time.perf_counter() - t0:.1f} s")
sys.exit(1 if failures else 0)
