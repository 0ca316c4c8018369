"""Writes data/badge160.png: a 160x120 picture in exactly four flat colours (a cream sky, a teal
wave, an orange sun behind it, a navy crescent moon) for the classes task. Every boundary is
curved, so a network must bend its decision boundaries; the colours are flat (no antialiasing),
so the quantiser keeps exactly these four as the classes. Only numpy and zlib."""
import os, struct, zlib
import numpy as np

W, H = 160, 120
y, x = np.mgrid[0:H, 0:W].astype(float) + 0.5

CREAM, TEAL, ORANGE, NAVY = (244, 239, 225), (31, 122, 140), (232, 135, 30), (34, 34, 59)
img = np.empty((H, W, 3), dtype=np.uint8)
img[:] = CREAM

sun = (x - 98) ** 2 + (y - 58) ** 2 < 30 ** 2
img[sun] = ORANGE
# The wave's crest rises and falls twice across the picture.
wave = y > 78 + 12 * np.sin(2 * np.pi * x / 95 + 0.6)
img[wave] = TEAL
# A crescent: a disk with a shifted disk taken out.
moon = ((x - 36) ** 2 + (y - 34) ** 2 < 20 ** 2) & ((x - 45) ** 2 + (y - 28) ** 2 >= 17 ** 2)
img[moon] = NAVY


def png(path, rgb):
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[j].tobytes() for j in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


out = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "badge160.png")
png(out, img)
counts = {c: int((img.reshape(-1, 3) == c).all(1).sum()) for c in (CREAM, TEAL, ORANGE, NAVY)}
print(out, counts)
