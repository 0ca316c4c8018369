"""Shared helpers for the Python cross-checks: PyTorch-style random MLPs written the way
`safetensors.torch.save_file(nn.Sequential(...).state_dict())` writes them, and regioncam runs."""
import json, os, resource, subprocess, sys, time
import numpy as np
from safetensors.numpy import save_file

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def nnviz_binary():
    exe = os.environ.get("NNVIZ_BIN")
    if exe:
        return exe
    for cfg in ("release", "debug"):
        p = os.path.join(ROOT, ".build", cfg, "nnviz")
        if os.path.exists(p):
            return p
    sys.exit("nnviz is not built: run `swift build -c release` (or set NNVIZ_BIN)")


def random_mlp(widths, seed, outputs=1):
    """Weights and biases uniform in ±1/sqrt(fan_in), PyTorch's nn.Linear default, as float32,
    with `outputs` outputs (K > 1: class logits)."""
    rng = np.random.default_rng(seed)
    dims = [2] + list(widths) + [outputs]
    layers = []
    for i in range(len(dims) - 1):
        k = 1 / np.sqrt(dims[i])
        w = rng.uniform(-k, k, (dims[i + 1], dims[i])).astype(np.float32)
        b = rng.uniform(-k, k, dims[i + 1]).astype(np.float32)
        layers.append((w, b))
    return layers


def save_model(path, layers, activation="relu", slope=0.0, domain=None, prefix=""):
    tensors = {}
    for i, (w, b) in enumerate(layers):
        tensors[f"{prefix}{2 * i}.weight"] = w
        tensors[f"{prefix}{2 * i}.bias"] = b
    meta = {"activation": activation, "negative_slope": repr(float(slope))}
    if domain is not None:
        meta["domain"] = ",".join(repr(float(v)) for v in domain)
    save_file(tensors, path, metadata=meta)


def run_nnviz(path, extra=()):
    out = subprocess.run([nnviz_binary(), "regions", "--model", path, "--json", *extra],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def regioncam_partition(layers, activation="relu", slope=0.0, domain=(-1, 1, -1, 1), decision=False):
    """Builds regioncam's partition of `domain` for the network; returns (regioncam, seconds).
    With `decision`, also its decision_boundary(): a sign layer for one output, argmax for K."""
    import regioncam
    t = time.perf_counter()
    rc = regioncam.Regioncam(1.0)  # the square [-1, 1]^2
    x0, x1, y0, y1 = domain
    if tuple(domain) != (-1, 1, -1, 1):
        # An affine map from the square onto the rectangle: it splits nothing.
        rc.linear(np.diag([(x1 - x0) / 2, (y1 - y0) / 2]).astype(np.float32),
                  np.array([(x0 + x1) / 2, (y0 + y1) / 2], dtype=np.float32))
    for i, (w, b) in enumerate(layers):
        rc.linear(w.T.copy(), b)
        if i < len(layers) - 1:
            if activation == "relu" or slope == 0:
                rc.relu()
            else:
                rc.leaky_relu(float(slope))
    if decision:
        rc.decision_boundary()
    return rc, time.perf_counter() - t


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
