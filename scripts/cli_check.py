"""End-to-end checks of `nnviz IMAGE --width W --depth D` as a user runs it.

Runs on the bundled samples, on a JPEG photo and a transparent PNG made here with Pillow, and on
bad input; checks the output folder, the JSON line, the model file and the error answers. A
classes run and a regression run check their own JSON fields and figures, and that their saved
models reopen in `nnviz regions` as the same task, drawn in the class colours.
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

    # 1b. A held-out share: scored every epoch and at the end, never trained on.
    held = os.path.join(tmp, "held")
    r = nnviz(os.path.join(ROOT, "data/disk64.png"), "--width", "8", "--depth", "2", "--test-share", "0.2",
              "--save-dir", held, "--json")
    check(r.returncode == 0, f"a run with --test-share 0.2 exits 0 ({r.stderr.strip()[:200]})")
    h = last_json(r).get("held_out") or {}
    check(h.get("pixels") == 819 and h.get("accuracy", 0) >= 0.95,
          f"it holds out 20 % of 4096 pixels and scores them: {h}")
    log = open(os.path.join(held, "train_log.csv")).read().splitlines()
    check(log[0].endswith(",test_loss,test_accuracy") and len(log[1].split(",")) == 7,
          "train_log.csv adds the held-out loss and accuracy per epoch")
    r = nnviz(os.path.join(ROOT, "data/disk64.png"), "--width", "8", "--depth", "2", "--test-share", "0.7",
              "--save-dir", os.path.join(tmp, "too-much"))
    check(r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1 and "test share" in r.stderr,
          f"a share above one half is refused in one line: {r.stderr.strip()}")

    # 1c. The run as a window session: a safetensors file with the session's description.
    session = os.path.join(tmp, "disk.nnviz")
    r = nnviz(os.path.join(ROOT, "data/disk64.png"), "--width", "8", "--depth", "2", "--epochs", "20",
              "--save-dir", os.path.join(tmp, "sess"), "--save-session", session)
    ok = r.returncode == 0 and os.path.exists(session)
    if ok:
        with open(session, "rb") as f:
            n = int.from_bytes(f.read(8), "little")
            header = json.loads(f.read(n))
        meta = header.get("__metadata__", {})
        doc = json.loads(meta.get("nnviz.session", "{}"))
        ok = meta.get("format") == "nnviz-session" and doc.get("epoch") == 20 and "network.0.weight" in header
    check(ok, "--save-session writes a session at the run's last epoch")
    r = nnviz(os.path.join(ROOT, "data/disk64.png"), "--width", "8", "--depth", "2", "--save-session", "x.txt")
    check(r.returncode == 2 and ".nnviz" in r.stderr and len(r.stderr.strip().splitlines()) == 1,
          "--save-session refuses another extension in one line")

    # 1d. The training as a video: WebM (VP8) with a frame per recorded epoch, as GStreamer reads it.
    video = os.path.join(tmp, "disk.webm")
    r = nnviz(os.path.join(ROOT, "data/disk64.png"), "--width", "8", "--depth", "2", "--epochs", "30",
              "--animate", video, "--animate-every", "10", "--animate-fps", "4", "--save-dir", os.path.join(tmp, "vid"))
    check(r.returncode == 0 and "4 frames at 4 per second" in r.stdout,
          f"--animate writes a video ({r.stderr.strip()[:200]})")
    d = subprocess.run(["gst-discoverer-1.0", video], capture_output=True, text=True)
    # Epochs 0, 10, 20, 30 at 4 frames a second: one second of VP8.
    check(d.returncode == 0 and "VP8" in d.stdout and "Duration: 0:00:01.0" in d.stdout,
          "GStreamer plays it: VP8, 4 frames lasting 1 s (" + " ".join(d.stdout.split()[-12:]) + ")")
    check(not [f for f in os.listdir(tmp) if ".tmp-" in f], "no temporary file is left behind")
    r = nnviz(os.path.join(ROOT, "data/disk64.png"), "--width", "8", "--depth", "2", "--animate", "x.mp4")
    check(r.returncode == 2 and ".webm" in r.stderr and len(r.stderr.strip().splitlines()) == 1,
          "--animate refuses another container in one line")

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

    # 4b. Classes: K class colours, the argmax boundary, the task carried by the model file.
    out = os.path.join(tmp, "classes")
    r = nnviz(os.path.join(ROOT, "data/badge160.png"), "--task", "classes", "--classes", "4", "--width", "16",
              "--depth", "2", "--epochs", "40", "--save-dir", out, "--json")
    check(r.returncode == 0, f"classes run exits 0 ({r.stderr.strip()[:200]})")
    c = last_json(r) if r.returncode == 0 else {}
    check(c.get("task") == "classes" and c.get("outputs") == 4, f"classes JSON: task {c.get('task')}, outputs {c.get('outputs')}")
    hexes = c.get("classes") or []
    check(len(hexes) == 4 and all(len(h) == 7 and h.startswith("#") for h in hexes), f"classes JSON lists 4 hex colours {hexes}")
    check(isinstance(c.get("final_accuracy"), float) and 0 <= c["final_accuracy"] <= 1 and c.get("psnr_db") is None,
          f"classes JSON: final_accuracy {c.get('final_accuracy')}, no psnr_db")
    check(isinstance(c.get("decision_regions"), int) and c["decision_regions"] >= 1, f"decision_regions {c.get('decision_regions')}")
    files = sorted(os.listdir(out)) if os.path.isdir(out) else []
    want = sorted(["viz_exact_regions.png", "viz_boundary.png", "viz_3d.png", "train_log.csv", "model.safetensors", "config.json"])
    check(files == want, f"classes run folder holds {files}")
    if files == want:
        cfg = json.load(open(os.path.join(out, "config.json")))
        check(cfg["options"]["task"] == "classes" and cfg["options"]["loss"] == "CrossEntropy"
              and cfg["options"]["classes"] == hexes and cfg["results"]["decision_regions"] == c["decision_regions"],
              "config.json records the task, its loss, the colours and the decision regions")
        model = os.path.join(out, "model.safetensors")
        again = nnviz("regions", "--model", model, "--json", "--export", os.path.join(tmp, "classes-regions.json"),
                      "--png", os.path.join(tmp, "classes-regions.png"))
        a = last_json(again) if again.returncode == 0 else {}
        check(a.get("task") == "classes" and a.get("classes") == hexes and a.get("outputs") == 4
              and a.get("regions") == c["regions"] and a.get("decision_regions") == c["decision_regions"],
              f"nnviz regions reopens the model as the same classes task ({again.stderr.strip()[:160]})")
        if again.returncode == 0:
            exported = json.load(open(os.path.join(tmp, "classes-regions.json")))
            check(exported.get("decision_regions") == c["decision_regions"], "regions --export has decision_regions")
            # The default figure is tinted by class: every class colour's legend swatch (the
            # colour mixed 42 % towards white) is in the picture.
            with Image.open(os.path.join(tmp, "classes-regions.png")) as im:
                pixels = np.asarray(im.convert("RGB")).reshape(-1, 3).astype(int)
            for h in hexes:
                rgb = np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)])
                tint = np.round(rgb + (255 - rgb) * 0.42)
                check(np.any(np.all(np.abs(pixels - tint) <= 1, axis=1)), f"regions figure shows class colour {h}")

    # 4c. Regression: PSNR instead of accuracy, the reconstruction figure, psnr_db in the log.
    out = os.path.join(tmp, "regression")
    r = nnviz(os.path.join(ROOT, "data/badge160.png"), "--task", "regression", "--channels", "3", "--width", "16",
              "--depth", "2", "--epochs", "40", "--save-dir", out, "--json")
    check(r.returncode == 0, f"regression run exits 0 ({r.stderr.strip()[:200]})")
    g = last_json(r) if r.returncode == 0 else {}
    check(g.get("task") == "regression" and g.get("outputs") == 3 and isinstance(g.get("psnr_db"), float)
          and g["psnr_db"] > 5 and g.get("final_accuracy") is None, f"regression JSON: psnr_db {g.get('psnr_db')}, no accuracy")
    files = sorted(os.listdir(out)) if os.path.isdir(out) else []
    want = sorted(["viz_exact_regions.png", "viz_reconstruction.png", "viz_3d.png", "train_log.csv", "model.safetensors", "config.json"])
    check(files == want, f"regression run folder holds {files}")
    if files == want:
        log = open(os.path.join(out, "train_log.csv")).read().splitlines()
        check(log[0] == "epoch,loss,psnr_db,learning_rate,seconds" and len(log) == g["epochs"] + 1, f"regression log header {log[0]}")
        cfg = json.load(open(os.path.join(out, "config.json")))
        check(cfg["options"]["task"] == "regression" and cfg["options"]["loss"] == "MSE"
              and cfg["results"]["psnr_db"] == g["psnr_db"], "config.json records regression, MSE and the PSNR")
        again = nnviz("regions", "--model", os.path.join(out, "model.safetensors"), "--json")
        check(again.returncode == 0 and last_json(again).get("task") == "regression", "nnviz regions reopens it as regression")
        with Image.open(os.path.join(out, "viz_reconstruction.png")) as im:
            check(im.size == (1350, 1260), f"reconstruction figure size {im.size}")

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
