"""Writes data/silhouette400.png: a 400×300 photo-like grey image (a cat's silhouette with soft,
shaded edges on a lit, textured background) for the window's live-training benchmark. Only numpy
and zlib, so it runs anywhere the project's Python runs."""
import os, struct, zlib
import numpy as np

W, H = 400, 300
y, x = np.mgrid[0:H, 0:W].astype(float)
rng = np.random.default_rng(7)


def ellipse(cx, cy, rx, ry, angle=0.0):
    c, s = np.cos(angle), np.sin(angle)
    u = ((x - cx) * c + (y - cy) * s) / rx
    v = (-(x - cx) * s + (y - cy) * c) / ry
    return 1 - np.sqrt(u * u + v * v)  # > 0 inside


def triangle(p, q, r):
    def side(a, b):
        return (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0])
    d1, d2, d3 = side(p, q), side(q, r), side(r, p)
    inside = ((d1 >= 0) & (d2 >= 0) & (d3 >= 0)) | ((d1 <= 0) & (d2 <= 0) & (d3 <= 0))
    return np.where(inside, 0.3, -0.3)


shape = np.maximum.reduce([
    ellipse(190, 200, 95, 62, 0.1),          # body
    ellipse(285, 125, 46, 42),               # head
    ellipse(250, 160, 34, 46, -0.5),         # neck
    triangle((252, 100), (262, 52), (282, 92)),   # ears
    triangle((292, 90), (318, 50), (322, 104)),
    ellipse(110, 248, 18, 40, 0.3),          # legs
    ellipse(165, 258, 16, 36, 0.0),
    ellipse(228, 258, 16, 36, -0.1),
])
# The tail: a band around a curve.
t = np.linspace(0, 1, 400)
cx, cy = 100 - 60 * t + 30 * np.sin(5 * t), 190 - 150 * t + 20 * np.cos(4 * t)
d = np.full((H, W), 1e9)
for px, py in zip(cx[::4], cy[::4]):
    d = np.minimum(d, np.hypot(x - px, y - py))
shape = np.maximum(shape, (11 - d) / 30)

inside = 1 / (1 + np.exp(-shape * 40))                       # soft edge
background = 0.92 - 0.25 * (y / H) + 0.06 * np.sin(x / 37) * np.cos(y / 23)
figure = 0.12 + 0.10 * (x / W) + 0.05 * np.sin(x / 9 + y / 13)
img = background * (1 - inside) + figure * inside + rng.normal(0, 0.035, (H, W))
img = np.clip(img, 0, 1)
raw = b"".join(b"\x00" + bytes(row) for row in (img * 255).round().astype(np.uint8))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 0, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "silhouette400.png")
open(out, "wb").write(png)
print(out, len(png), "bytes")
