"""Drives the real nnviz window from outside under Xvfb: play with Space, pause, hover and click
to pin a region; then checks the screenshot's pixels and the app's trace."""
import os, subprocess, sys, time
import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NNVIZ = os.environ["NNVIZ_BIN"]
OUT = os.environ.get("E2E_OUT", "/tmp/nnviz-e2e")
os.makedirs(OUT, exist_ok=True)
failures = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what, flush=True)
    if not cond:
        failures.append(what)


def xdo(*args):
    return subprocess.run(["xdotool", *args], capture_output=True, text=True).stdout.strip()


env = dict(os.environ, NNVIZ_TRACE="1", GSK_RENDERER="cairo", GTK_A11Y="none", GSETTINGS_BACKEND="memory")
log = open(os.path.join(OUT, "app.log"), "w")
app = subprocess.Popen([NNVIZ, "gui", os.path.join(ROOT, "data/disk64.png")], stdout=log, stderr=subprocess.STDOUT, env=env)
try:
    wid = ""
    for _ in range(100):
        wid = xdo("search", "--name", "^nnviz")
        if wid:
            break
        time.sleep(0.1)
    check(bool(wid), "the window appears")
    time.sleep(1.0)

    def area(w):
        g = xdo("getwindowgeometry", w).split("Geometry:")[-1].strip().split("x")
        return int(g[0]) * int(g[1]) if len(g) == 2 and all(p.isdigit() for p in g) else 0

    # GDK also names a 1×1 client-leader window after the app: take the largest match.
    wid = max(xdo("search", "--name", "^nnviz").splitlines(), key=area)
    xdo("windowactivate", wid)
    geometry = xdo("getwindowgeometry", wid)
    print(geometry)
    # Space plays, Space pauses (the region map has the focus at start).
    xdo("key", "space")
    time.sleep(2.5)
    xdo("key", "space")
    time.sleep(1.0)
    # Hover the middle of the region map (where the app's trace says it is) and click to pin
    # the region there.
    log.flush()
    placed = [l.split() for l in open(os.path.join(OUT, "app.log")).read().splitlines() if l.startswith("map at ")]
    check(bool(placed), "the app traces where the region map is")
    mx, my = (int(v) for v in placed[-1][2].split(","))
    mw, mh = (int(v) for v in placed[-1][4].split("x"))
    print(f"region map at {mx},{my} size {mw}x{mh}, {float(placed[-1][-1]):.0%} of the window")
    # A message banner takes a row while it shows: the map's share without one counts.
    share = max(float(p[-1]) for p in placed)
    check(share >= 0.5, f"the region map takes at least half the window ({share:.0%})")
    x, y = mx + mw // 2, my + mh // 2
    xdo("mousemove", "--window", wid, str(x), str(y))
    time.sleep(0.4)
    xdo("click", "1")
    time.sleep(0.6)
    # Ctrl+plus twice, Ctrl+minus once: the projector text size, from the map's focus.
    xdo("key", "ctrl+plus")
    xdo("key", "ctrl+plus")
    xdo("key", "ctrl+minus")
    time.sleep(0.5)
    shot = os.path.join(OUT, "window.png")
    subprocess.run(["import", "-window", "root", shot], check=True)
finally:
    app.terminate()
    app.wait(timeout=10)
    log.close()

trace = open(os.path.join(OUT, "app.log")).read()
print(trace)
check("training from epoch" in trace and "paused at epoch" in trace, "Space started and paused training")
paused = [int(l.split()[-1]) for l in trace.splitlines() if "paused at epoch" in l]
check(bool(paused) and paused[-1] >= 10, f"epochs trained while playing: {paused}")
check("pinned region" in trace, "a click pinned a region")
scales = [l.split()[-1] for l in trace.splitlines() if "text scale" in l]
check(scales == ["1.1", "1.21", "1.1"], f"Ctrl+plus, Ctrl+plus, Ctrl+minus scale the plots' text: {scales}")

img = np.asarray(Image.open(shot).convert("RGB")).astype(int)
mapbox = img[my + 20:my + mh - 40, mx + 50:mx + mw - 20]
colours = len(np.unique(mapbox.reshape(-1, 3), axis=0))
check(colours > 200, f"the region map shows many regions ({colours} distinct colours)")
near = img[y - 120:y + 120, x - 120:x + 120]
pin = int(np.sum((abs(near[..., 0] - 0xF2) < 24) & (abs(near[..., 1] - 0xB7) < 24) & (near[..., 2] < 60)))
check(pin > 30, f"the pinned region's yellow outline is drawn around the click ({pin} pixels)")
boundary = int(np.sum((mapbox[..., 0] > 200) & (mapbox[..., 1] > 60) & (mapbox[..., 1] < 110) & (mapbox[..., 2] < 70)))
check(boundary > 100, f"the decision boundary is drawn ({boundary} boundary-coloured pixels)")
print(f"e2e: {len(failures)} failed")
sys.exit(1 if failures else 0)
