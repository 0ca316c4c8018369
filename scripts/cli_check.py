"""End-to-end checks of `nnviz IMAGE --width W --depth D` as a user runs it.

Runs on the bundled samples, on a JPEG photo and a transparent PNG made here with Pillow, and on
bad input; checks the output folder, the JSON line, the model file and the error answers.
"""
import json, os, subprocess, sys, tempfile
import numpy as np
from PIL import Image, ImageDraw
from nnviz_py import nnviz_binary

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
failures = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what, flush=True)
    if not cond:
        failures.append(what)


def nnviz(*args, cwd=None):
    return subprocess.run([nnviz_binary(), *args], capture_output=True, text=True, cwd=cwd)


def last_json(r):
    return json.loads(r.stdout.strip().splitlines()[-1])


with tempfile.TemporaryDirectory() as tmp:
    # 1. The README's example on the bundled disk, all three formats.
    out = os.path.join(tmp, "disk")
    r = nnviz(os.path.join(ROOT, "data/disk64.png"), "--width", "8", "--depth", "2", "--format", "png,svg,pdf",
              "--save-dir", out, "--json")
    check(r.returncode == 0, f"disk run exits 0 ({r.stderr.strip()[:200]})")
    d = last_json(r)
    for key in ("out_dir", "pixels", "positives", "epochs", "seconds_train", "final_loss", "final_accuracy", "regions"):
        check(key in d, f"JSON has {key}")
    check(d["pixels"] == 4096 and 0 < d["positives"] < 4096, f"pixels {d['pixels']}, positives {d['positives']}")
    check(d["final_accuracy"] >= 0.98, f"default run trains the disk: accuracy {d['final_accuracy']:.4f}")
    files = sorted(os.listdir(out))
    want = sorted([f"viz_{n}.{e}" for n in ("exact_regions", "boundary", "3d") for e in ("png", "svg", "pdf")]
                  + ["train_log.csv", "model.safetensors", "config.json"])
    check(files == want, f"run folder holds {files}")
    log = open(os.path.join(out, "train_log.csv")).read().splitlines()
    check(log[0].startswith("epoch,loss,accuracy") and len(log) == d["epochs"] + 1, "train_log.csv has a row per epoch")
    cfg = json.load(open(os.path.join(out, "config.json")))
    check(cfg["results"]["regions"] == d["regions"] and cfg["options"]["hidden_widths"] == [8, 8], "config.json records options and results")
    again = nnviz("regions", "--model", os.path.join(out, "model.safetensors"), "--json")
    check(again.returncode == 0 and last_json(again)["regions"] == d["regions"]
          and last_json(again)["decision_regions"] == d["decision_regions"],
          "nnviz regions on the saved model finds the same regions and decision regions")
    with Image.open(os.path.join(out, "viz_exact_regions.png")) as im:
        check(im.size == (1350, 1260), f"figure size {im.size}")

    # 2. An existing non-empty folder is not overwritten without --force.
    before = sorted(os.listdir(out))
    r = nnviz(os.path.join(ROOT, "data/disk64.png"), "--width", "4", "--depth", "1", "--save-dir", out)
    check(r.returncode == 1 and "--force" in r.stderr and sorted(os.listdir(out)) == before, "refuses to overwrite without --force")
    r = nnviz(os.path.join(ROOT, "data/disk64.png"), "--width", "4", "--depth", "1", "--epochs", "3", "--save-dir", out, "--force", "--json")
    check(r.returncode == 0 and last_json(r)["epochs"] == 3, "--force replaces it")

    # 3. A JPEG photo and a transparent PNG, spirals sample with per-layer widths and slope colours.
    photo = os.path.join(tmp, "photo.jpg")
    img = Image.new("RGB", (300, 200), (235, 230, 220))
    ImageDraw.Draw(img).ellipse((60, 40, 200, 170), fill=(30, 40, 60))
    img.save(photo, quality=85)
    r = nnviz(photo, "--widths", "12,8", "--epochs", "200", "--max-side", "120", "--save-dir", os.path.join(tmp, "photo"), "--json")
    check(r.returncode == 0 and last_json(r)["pixels"] == 120 * 80, f"JPEG with --max-side ({r.stderr.strip()[:160]})")
    png = os.path.join(tmp, "alpha.png")
    rgba = Image.new("RGBA", (64, 48), (0, 0, 0, 0))
    ImageDraw.Draw(rgba).rectangle((10, 10, 40, 30), fill=(0, 0, 0, 255))
    rgba.save(png)
    r = nnviz(png, "--width", "6", "--depth", "2", "--color", "slope", "--save-dir", os.path.join(tmp, "alpha"), "--json")
    check(r.returncode == 0 and last_json(r)["positives"] == 31 * 21, f"transparent PNG: transparent is light ({r.stderr.strip()[:160]})")

    # 3b. Zero epochs: the untrained network's figures and files.
    r = nnviz(os.path.join(ROOT, "data/disk64.png"), "--width", "4", "--depth", "2", "--epochs", "0",
              "--save-dir", os.path.join(tmp, "zero"), "--json")
    check(r.returncode == 0 and last_json(r)["epochs"] == 0 and len(os.listdir(os.path.join(tmp, "zero"))) == 6,
          f"--epochs 0 writes the untrained network's files ({r.stderr.strip()[:120]})")

    # 3c. nnviz regions does not replace an existing output without --force.
    target = os.path.join(tmp, "regions.json")
    open(target, "w").write("keep me")
    model = os.path.join(out, "model.safetensors")
    r = nnviz("regions", "--model", model, "--export", target)
    check(r.returncode == 2 and "--force" in r.stderr and open(target).read() == "keep me", "regions --export refuses to overwrite")
    r = nnviz("regions", "--model", model, "--export", target, "--force")
    check(r.returncode == 0 and open(target).read().startswith('{"bounds"'), "… and replaces it with --force")

    # 4. Beyond --exact-max-regions: said clearly, figures labelled as sampled.
    r = nnviz(os.path.join(ROOT, "data/spirals128.png"), "--width", "16", "--depth", "3", "--epochs", "20",
              "--exact-max-regions", "10", "--save-dir", os.path.join(tmp, "sampled"), "--json")
    j = last_json(r)
    check(r.returncode == 0 and "sampled" in r.stderr and j["exact"] is False and j["regions"] is None,
          "too many regions: a sampled view, said on stderr and in the JSON")

    # 5. Bad input: one line on stderr, exit 1 (2 for usage), no output folder.
    bad = os.path.join(tmp, "bad.png")
    open(bad, "w").write("not an image")
    for args, code, what in [
        ([bad, "--width", "4", "--depth", "1"], 1, "a file that is not an image"),
        ([os.path.join(tmp, "missing.png"), "--width", "4", "--depth", "1"], 1, "a missing file"),
        ([os.path.join(ROOT, "data/disk64.png"), "--width", "0", "--depth", "1"], 2, "width 0"),
        ([os.path.join(ROOT, "data/disk64.png"), "--width", "4", "--depth", "1", "--lr", "nan"], 2, "a NaN learning rate"),
        ([os.path.join(ROOT, "data/disk64.png"), "--width", "100000", "--depth", "1"], 2, "an absurd width"),
    ]:
        target = os.path.join(tmp, "should-not-exist")
        r = nnviz(*args, "--save-dir", target)
        lines = [l for l in r.stderr.strip().splitlines() if l.strip()]
        check(r.returncode == code and not os.path.exists(target) and lines and (lines[0].startswith("Error:") or code == 2),
              f"{what}: exit {r.returncode}, '{lines[0] if lines else ''}'")
    leftovers = [f for f in os.listdir(tmp) if f.startswith(".")]
    check(leftovers == [], f"no staging folders left behind {leftovers}")

print(f"cli: {len(failures)} failed")
sys.exit(1 if failures else 0)
