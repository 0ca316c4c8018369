"""Trains 16×3 in the real window for a long time and samples its resident memory: the timeline
and history are bounded, so RSS must level off. Drives the window through AT-SPI (raises the
epoch limit, presses Play) and reads /proc/PID/status. Prints one line per sample and a summary.
Usage: soak_window.py [SECONDS] [SAMPLE_EVERY]"""
import os, subprocess, sys, time
from atspi_kit import *  # noqa: F401,F403

NNVIZ = os.environ["NNVIZ_BIN"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1800
every = float(sys.argv[2]) if len(sys.argv) > 2 else 60


def rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


env = dict(os.environ, GSK_RENDERER="cairo", GSETTINGS_BACKEND="memory")
env.pop("GTK_A11Y", None)
app = subprocess.Popen([NNVIZ, "gui", os.path.join(ROOT, "data/spirals128.png")], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    assert wait(lambda: main_frame() is not None, 30), "the window did not appear"
    assert wait(lambda: "Ready" in status_text(), 30)
    set_value("Epoch limit", 1_000_000)
    press("Play")
    start = time.time()
    samples = []
    while time.time() - start < seconds:
        time.sleep(min(every, max(0.0, seconds - (time.time() - start))))
        t = time.time() - start
        samples.append((t, epoch(), rss_mb(app.pid)))
        print(f"{t / 60:6.1f} min  epoch {samples[-1][1]:8d}  RSS {samples[-1][2]:7.1f} MB", flush=True)
    peak = max(s[2] for s in samples)
    first_after_warmup = next((s for s in samples if s[0] >= 120), samples[0])
    print(f"soak: {seconds / 60:.0f} min, {samples[-1][1]} epochs, RSS {samples[0][2]:.0f} MB at "
          f"{samples[0][0] / 60:.1f} min, {first_after_warmup[2]:.0f} MB at {first_after_warmup[0] / 60:.1f} min, "
          f"{samples[-1][2]:.0f} MB at the end, peak {peak:.0f} MB")
finally:
    app.terminate()
    app.wait(timeout=10)
