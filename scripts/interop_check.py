"""Model files cross the Python/Swift border both ways.

1. Python writes a model the way `safetensors.torch.save_file(nn.Sequential(...).state_dict())`
   does (with and without a `net.` prefix, F32, F64 and F16) and nnviz reads it: same region count
   as regioncam on the same weights, and the domain and activation from the metadata are used.
2. nnviz writes a model (`regions --random … --save-model`); Python reads it with `safetensors`,
   checks names, shapes, dtypes and metadata, evaluates the network with numpy, and regioncam on
   those weights finds as many regions as nnviz does on its own file.
3. `regions --export` JSON parses in Python; every face's logit map matches a numpy forward pass.
"""
import json, os, subprocess, sys, tempfile
import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save_file
from nnviz_py import nnviz_binary, random_mlp, regioncam_partition, run_nnviz

failures = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures.append(what)


def forward(layers, pts, slope):
    h = pts
    for i, (w, b) in enumerate(layers):
        h = h @ w.T.astype(np.float64) + b.astype(np.float64)
        if i < len(layers) - 1:
            h = np.where(h > 0, h, slope * h)
    return h[:, 0]


with tempfile.TemporaryDirectory() as tmp:
    # 1. Python → nnviz
    layers = random_mlp([12, 9, 7], seed=5)
    for prefix, dtype in (("", np.float32), ("net.", np.float32), ("model.", np.float64), ("", np.float16)):
        cast = [(w.astype(dtype), b.astype(dtype)) for w, b in layers]
        tensors = {}
        for i, (w, b) in enumerate(cast):
            tensors[f"{prefix}{2 * i}.weight"] = w
            tensors[f"{prefix}{2 * i}.bias"] = b
        path = os.path.join(tmp, "py.safetensors")
        save_file(tensors, path, metadata={"activation": "leaky_relu", "negative_slope": "0.02",
                                           "domain": "-1.5,0.5,-1,2"})
        ours = run_nnviz(path)
        rc, _ = regioncam_partition([(w.astype(np.float32), b.astype(np.float32)) for w, b in cast],
                                    "leaky_relu", 0.02, (-1.5, 0.5, -1, 2))
        check(ours["regions"] == rc.num_faces,
              f"python-written {np.dtype(dtype).name} model, prefix '{prefix}': nnviz {ours['regions']} regions, regioncam {rc.num_faces}")
        check(ours["bounds"] == [-1.5, 0.5, -1, 2] and ours["activation"] == "leaky_relu"
              and ours["negative_slope"] == 0.02, "metadata domain and activation are used")

    # A malformed file written by Python is refused with one line and exit status 1.
    bad = os.path.join(tmp, "bad.safetensors")
    save_file({"0.weight": np.ones((4, 3), np.float32), "0.bias": np.ones(4, np.float32),
               "2.weight": np.ones((1, 4), np.float32)}, bad)
    r = subprocess.run([nnviz_binary(), "regions", "--model", bad], capture_output=True, text=True)
    check(r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1 and "--through I,J,K" in r.stderr,
          f"a 3-input model is refused in one line: {r.stderr.strip()!r}")

    # 2. nnviz → Python
    for flag, dt in (([], "F32"), (["--float64"], "F64")):
        path = os.path.join(tmp, f"nnviz-{dt}.safetensors")
        out = subprocess.run([nnviz_binary(), "regions", "--random", "10,10", "--seed", "3",
                              "--activation", "leaky_relu", "--negative-slope", "0.1",
                              "--bounds", "-2", "1", "0", "3", "--save-model", path, *flag],
                             check=True, capture_output=True, text=True)
        with safe_open(path, "numpy") as f:
            meta = f.metadata()
            keys = sorted(f.keys())
            dtypes = {k: str(f.get_tensor(k).dtype) for k in keys}
        t = load_file(path)
        check(keys == ["0.bias", "0.weight", "2.bias", "2.weight", "4.bias", "4.weight"], f"nn.Sequential names: {keys}")
        check(t["0.weight"].shape == (10, 2) and t["2.weight"].shape == (10, 10) and t["4.weight"].shape == (1, 10)
              and t["4.bias"].shape == (1,), "PyTorch [out, in] shapes")
        check(all(v == ("float32" if dt == "F32" else "float64") for v in dtypes.values()), f"{dt} tensors")
        check(meta.get("activation") == "leaky_relu" and float(meta.get("negative_slope")) == 0.1
              and meta.get("domain") == "-2.0,1.0,0.0,3.0", f"metadata {meta}")
        py_layers = [(t[f"{2 * i}.weight"], t[f"{2 * i}.bias"]) for i in range(3)]
        ours = run_nnviz(path)
        rc, _ = regioncam_partition([(w.astype(np.float32), b.astype(np.float32)) for w, b in py_layers],
                                    "leaky_relu", 0.1, (-2, 1, 0, 3))
        check(ours["regions"] == rc.num_faces, f"nnviz-written {dt} model: nnviz {ours['regions']}, regioncam {rc.num_faces}")

    # 3. The JSON export against numpy.
    export = os.path.join(tmp, "regions.json")
    subprocess.run([nnviz_binary(), "regions", "--model", path, "--export", export, "--json"], check=True, capture_output=True)
    with open(export) as f:
        data = json.load(f)
    faces = data["faces"]
    worst = 0.0
    for face in faces:
        poly = np.array(face["polygon"])
        a, b, c = face["logit"]
        pts = np.vstack([poly, poly.mean(axis=0)])
        z = forward(py_layers, pts, 0.1)
        worst = max(worst, float(np.max(np.abs(a * pts[:, 0] + b * pts[:, 1] + c - z))))
    check(len(faces) == ours["regions"] and worst < 1e-9, f"exported logit maps match numpy (max error {worst:.2e})")
    area = sum(f["area"] for f in faces)
    check(abs(area - 9.0) < 1e-12 * 9, f"exported areas sum to the domain area ({area!r})")

print(f"interop: {len(failures)} failed")
sys.exit(1 if failures else 0)
