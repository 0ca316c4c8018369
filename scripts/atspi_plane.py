"""Drives the nnviz window through AT-SPI on a model with five inputs: opening it asks for a
points file (typed into the file dialog), the plane picker appears with the anchors' names, the
anchors change through their spin buttons and the map follows (the core's trace says which plane
it drew), collinear anchors are refused with one line while the plane stays, Play is off with the
reason in the status line, and Cancel on another model's points keeps the plane. Runs under
dbus-run-session and Xvfb (scripts/e2e-atspi)."""
import json, os, random, struct, subprocess, sys, tempfile, time
import pyatspi
from atspi_kit import *  # noqa: F401,F403

NNVIZ = os.environ["NNVIZ_BIN"]
name_first_failure("plane-first-failure")


def write_model(path, dims, seed):
    """A ReLU classifier as safetensors (nn.Sequential indices), written without numpy."""
    rng = random.Random(seed)
    tensors, blobs, offset = {}, [], 0
    for i in range(len(dims) - 1):
        for name, shape in ((f"{2 * i}.weight", [dims[i + 1], dims[i]]), (f"{2 * i}.bias", [dims[i + 1]])):
            count = shape[0] * (shape[1] if len(shape) > 1 else 1)
            blob = struct.pack(f"<{count}f", *(rng.uniform(-0.8, 0.8) for _ in range(count)))
            tensors[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(blob)]}
            blobs.append(blob)
            offset += len(blob)
    tensors["__metadata__"] = {"activation": "relu", "task": "classes",
                               "classes": "#0072b2,#e69f00,#009e73"}
    header = json.dumps(tensors).encode()
    header += b" " * (-len(header) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header + b"".join(blobs))


def write_points(path, n, seed):
    """30 labelled points in three clusters; rows 27, 28, 29 lie on one line (29 is their midpoint)."""
    rng = random.Random(seed)
    rows = [[(k % 3 - 1) + rng.uniform(-0.4, 0.4) for _ in range(n)] for k in range(27)]
    a, b = [1.0] * n, [2.0] + [1.0] * (n - 1)
    rows += [a, b, [(x + y) / 2 for x, y in zip(a, b)]]
    with open(path, "w") as f:
        f.write(",".join(f"x{i}" for i in range(n)) + ",label\n")
        for k, r in enumerate(rows):
            f.write(",".join(f"{v:.6f}" for v in r) + "," + ["cat", "dog", "owl"][k % 3] + "\n")


def type_path(title, path):
    check(wait(lambda: dialog(title) is not None), f"the '{title}' file dialog appears")
    check(focus(title), "the dialog's window can take the keyboard")
    xdo("key", "ctrl+l")
    time.sleep(0.3)
    xdo("type", "--delay", "5", path)
    time.sleep(0.3)
    for _ in range(3):
        xdo("key", "Return")
        if wait(lambda: dialog(title) is None, 2):
            break


def by_description(description):
    """The first node with this accessible description (its name is the text it shows)."""
    queue = [app_node()]
    while queue:
        n = queue.pop(0)
        if n is None:
            continue
        try:
            if n.description == description:
                return n
        except Exception:
            continue
        queue.extend(c for c in n if c is not None)
    return None


def point_text(letter):
    """What the picker shows beside anchor A, B or C ("row 3 (cat)")."""
    found = []
    wait(lambda: found.append(by_description(f"Anchor {letter} point")) or found[-1] is not None, 10)
    return found[-1].name if found and found[-1] is not None else ""


def log_text():
    return open(os.path.join(work, "plane.log")).read()


env = dict(os.environ, GSK_RENDERER="cairo", GSETTINGS_BACKEND="memory", NNVIZ_TRACE="1")
env.pop("GTK_A11Y", None)
work = tempfile.mkdtemp(prefix="nnviz-atspi-plane-")
model = os.path.join(work, "five.safetensors")
points = os.path.join(work, "points.csv")
write_model(model, [5, 12, 10, 3], 4)
write_points(points, 5, 4)
log = open(os.path.join(work, "plane.log"), "w")
app = subprocess.Popen([NNVIZ, "gui", model], stdout=log, stderr=subprocess.STDOUT, env=env)
try:
    check(wait(lambda: main_frame() is not None, 30), "the window appears")
    type_path("Open data points", points)
    check(wait(lambda: dialog("Plane through data points") is not None, 15), "the plane picker appears")
    check(wait(lambda: point_text("A") == "row 0 (cat)" and point_text("B") == "row 1 (dog)"
               and point_text("C") == "row 2 (owl)"), "the picker names the anchors: row 0 (cat), row 1 (dog), row 2 (owl)")
    check(wait(lambda: "five.safetensors" in main_frame().name), "the title names the model: " + main_frame().name)
    check(wait(lambda: "plane through rows 0,1,2" in log_text()), "the map is drawn on the plane through rows 0, 1, 2")
    check(wait(lambda: "exact regions" in find("5-input model", "label", prefix=True).name, 15),
          "the status line counts the exact regions")
    status_line = find("5-input model", "label", prefix=True)
    check(status_line is not None and "comes trained" in status_line.name,
          "the status line says the model comes trained: " + (status_line.name if status_line else "none"))
    check(not sensitive(need("Play", "push button")), "Play is off for a model that comes trained")
    shot("plane-picker")

    # A new anchor: the spin button moves B, the picker and the map follow.
    set_value("Anchor B row", 7)
    check(wait(lambda: point_text("B") == "row 7 (dog)"), "Anchor B row 7 names row 7 (dog)")
    check(wait(lambda: "plane through rows 0,7,2" in log_text()), "the map follows to the plane through rows 0, 7, 2")

    # Collinear anchors are refused in one line; the plane stays.
    set_value("Anchor A row", 27)
    check(wait(lambda: "plane through rows 27,7,2" in log_text()), "A moves to row 27")
    set_value("Anchor B row", 28)
    check(wait(lambda: "plane through rows 27,28,2" in log_text()), "B moves to row 28")
    set_value("Anchor C row", 29)
    # The banner's text is the core's message, which the trace prints.
    check(wait(lambda: "message: invalid plane: the three anchors are collinear, so they span no plane" in log_text()),
          "collinear anchors are refused in one line: invalid plane: the three anchors are collinear, so they span no plane")
    check(wait(lambda: value("Anchor C row") == 2), "Anchor C springs back to row 2, the plane kept")
    check("plane through rows 27,28,29" not in log_text(), "no plane was drawn through the collinear rows")
    press("Dismiss message")

    # The 1-D view: the outputs along the line through anchors A and B.
    press("Slice along A to B")
    check(wait(lambda: dialog("Line slice") is not None, 10), "Slice along A → B opens the line slice")
    line = []
    check(wait(lambda: line.append(by_description("Line summary").name) or
               line[-1].startswith("Along the line from A: row 27 (cat) (τ = 0) to B: row 28 (dog) (τ = 1), exactly:")),
          "the slice runs from A: row 27 (cat) to B: row 28 (dog): " + (line[-1] if line else ""))
    check("line through anchors A: row 27 (cat) and B: row 28 (dog)" in log_text(), "the core traces the line")
    shot("plane-line")

    # Cancel on another many-input model's points keeps the plane.
    press("Open model")
    type_path("Open model", model)
    check(wait(lambda: dialog("Open data points") is not None, 10), "opening a model asks for its points again")
    focus("Open data points")
    xdo("key", "Escape")
    check(wait(lambda: dialog("Open data points") is None, 10), "Escape closes the points dialog")
    check(wait(lambda: "notice: five.safetensors was not opened" in log_text()), "a notice says the model was not opened")
    check(point_text("B") == "row 28 (dog)", "the plane is kept: B still " + point_text("B"))
    shot("plane-window")

    # Save the plane as a session (Ctrl+Shift+S); it reopens on the same plane.
    focus("nnviz")
    xdo("key", "ctrl+shift+s")
    check(wait(lambda: dialog("Save session") is not None), "Ctrl+Shift+S saves a model on a plane too")
    check(answer_save_dialog("Save session", os.path.join(work, "plane")), "a name typed into it is taken")
    session = os.path.join(work, "plane.nnviz")
    check(wait(lambda: os.path.exists(session), 10), "the session is written")
    reopened = os.path.join(OUT, "plane-session.png")
    r = subprocess.run([NNVIZ, "gui", "--view", "regions", "--screenshot", reopened, session], capture_output=True,
                       text=True, env=env, timeout=120)
    check(r.returncode == 0 and "regions" in r.stdout, "nnviz gui FILE.nnviz reopens it: " + r.stdout.strip()[-120:])
    check("plane through rows 27,28,2" in r.stderr + r.stdout, "on the plane through rows 27, 28, 2")
finally:
    if app.poll() is None:
        app.terminate()
        app.wait(timeout=10)
    log.close()

# A two-input network: Shift+click two points of the map opens the line slice through them.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
log2 = open(os.path.join(work, "line.log"), "w")
app = subprocess.Popen([NNVIZ, "gui", os.path.join(ROOT, "data/disk64.png")], stdout=log2, stderr=subprocess.STDOUT,
                       env=env)
try:
    check(wait(lambda: main_frame() is not None and "disk64.png" in main_frame().name, 30), "the disk window appears")
    check(wait(lambda: "exact regions" in (status_text() or "") or find("Ready", "label", prefix=True) is not None, 20),
          "its regions are drawn")
    focus("nnviz")
    x, y, w, h = need("Region map").queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    for fx, fy in ((0.3, 0.6), (0.7, 0.35)):
        xdo("mousemove", str(int(x + fx * w)), str(int(y + fy * h)))
        time.sleep(0.2)
        xdo("keydown", "shift")
        xdo("click", "1")
        xdo("keyup", "shift")
        time.sleep(0.3)
    check(wait(lambda: dialog("Line slice") is not None, 10), "Shift+click twice on the map opens the line slice")
    summary = []
    check(wait(lambda: summary.append(by_description("Line summary").name) or
               summary[-1].startswith("Along the line from A: (")),
          "the slice runs between the two clicked points: " + (summary[-1] if summary else ""))
    lines = open(os.path.join(work, "line.log")).read()
    check("line point 2:" in lines and "pinned" not in lines, "the Shift+clicks set the line's points and pinned nothing")
    shot("line-2d")
finally:
    if app.poll() is None:
        app.terminate()
        app.wait(timeout=10)
    log2.close()

if failures:
    print(open(os.path.join(work, "plane.log")).read()[-3000:])
print(f"atspi plane: {len(failures)} failed")
sys.exit(1 if failures else 0)
