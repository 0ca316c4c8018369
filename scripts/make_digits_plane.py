"""Makes the digits example of the README's plane section: an MLP 64-32-16-10 (ReLU) trained with
scikit-learn on its bundled 8x8 digits, saved as a PyTorch-layout safetensors state dict, and the
1797 digits as a CSV with a label column (pixels scaled to [0, 1]).

Usage: make_digits_plane.py OUT_DIR   (needs numpy, safetensors and scikit-learn)"""
import os, sys
import numpy as np
from safetensors.numpy import save_file
from sklearn.datasets import load_digits
from sklearn.neural_network import MLPClassifier

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)
digits = load_digits()
x, y = digits.data / 16.0, digits.target
net = MLPClassifier(hidden_layer_sizes=(32, 16), activation="relu", max_iter=600, random_state=0).fit(x, y)
print(f"training accuracy {net.score(x, y):.4f}")
tensors = {}
for i, (w, b) in enumerate(zip(net.coefs_, net.intercepts_)):
    tensors[f"{2 * i}.weight"] = np.ascontiguousarray(w.T, dtype=np.float32)
    tensors[f"{2 * i}.bias"] = b.astype(np.float32)
palette = "#0072b2,#e69f00,#009e73,#cc79a7,#56b4e9,#d55e00,#f0e442,#000000,#8c564b,#7f7f7f"
save_file(tensors, os.path.join(out, "digits.safetensors"),
          metadata={"activation": "relu", "task": "classes", "classes": palette})
with open(os.path.join(out, "digits.csv"), "w") as f:
    f.write(",".join(f"p{i}" for i in range(64)) + ",label\n")
    for row, label in zip(x, y):
        f.write(",".join(f"{v:g}" for v in row) + f",{label}\n")
print("wrote", os.path.join(out, "digits.safetensors"), "and digits.csv")
