"""The network view's controls driven through AT-SPI and the pointer (xdotool): the "Layers
shown" drop-down cuts the map after hidden layer k, the connection threshold slider, hovering a
neuron names it, hovering a map edge names the neuron that made it. Runs under dbus-run-session
and Xvfb (scripts/e2e-atspi), after scripts/atspi_window.py."""
import os, subprocess, sys, tempfile, time
from atspi_kit import *  # noqa: F401,F403 (find, need, wait, xdo, centre, …)
import pyatspi

NNVIZ = os.environ["NNVIZ_BIN"]
name_first_failure("network-first-failure")


def extents(node):
    return node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)


def focus_text():
    """The caption above the network view (a label's accessible name is its text)."""
    for prefix in ("neuron ", "Edge of neuron ", "input ", "output ", "Network —"):
        n = find(prefix, "label", prefix=True)
        if n is not None:
            return n.name
    return ""


def log_text():
    with open(log_path) as f:
        return f.read()


def sweep(points, cond, pause=0.03):
    """Moves the pointer through `points` until `cond()` holds."""
    for x, y in points:
        xdo("mousemove", str(int(x)), str(int(y)))
        time.sleep(pause)
        if cond():
            return True
    return wait(cond, 2)


env = dict(os.environ, GSK_RENDERER="cairo", GSETTINGS_BACKEND="memory", NNVIZ_TRACE="1")
env.pop("GTK_A11Y", None)
work = tempfile.mkdtemp(prefix="nnviz-atspi-network-")
log_path = os.path.join(work, "app.log")
log = open(log_path, "w")
app = subprocess.Popen([NNVIZ, "gui", "--widths", "16,16,16", "--size", "1440x900"], stdout=log,
                       stderr=subprocess.STDOUT, env=env)
try:
    check(wait(lambda: main_frame() is not None and "16×16×16" in main_frame().name, 30),
          "the window opens a 16×16×16 network (gui --widths)")
    check(wait(lambda: "regions:" in log_text(), 30), "its first partition arrives")
    layers = need("Layers shown", "combo box")
    check(find("All layers", "label", layers) is not None, "Layers shown starts at All layers")
    slider = need("Connection threshold", "slider")
    check(abs(slider.queryValue().currentValue - 0.15) < 1e-9, "the connection threshold starts at 0.15")
    slider.queryValue().currentValue = 0.5
    check(wait(lambda: abs(need("Connection threshold", "slider").queryValue().currentValue - 0.5) < 1e-9),
          "the connection threshold can be set to 0.5")

    # Open the drop-down with the pointer and choose "Up to layer 1" with the keyboard.
    focus("nnviz")
    x, y = centre(layers)
    xdo("mousemove", str(x), str(y))
    xdo("click", "1")
    item = []
    check(wait(lambda: item.append(find("Up to layer 1", "label")) or item[-1] is not None, 5),
          "the drop-down lists Up to layer 1")
    # The open list has the keyboard on the chosen item: one down, Enter.
    time.sleep(0.5)
    xdo("key", "Down")
    time.sleep(0.2)
    xdo("key", "Return")
    check(wait(lambda: "layers shown: up to 1" in log_text(), 5), "choosing it cuts the map after layer 1")
    check(wait(lambda: "layer partition after layer 1:" in log_text(), 20),
          "the partition after layer 1 is computed")
    check(wait(lambda: find("Up to layer 1", "label", need("Layers shown", "combo box")) is not None, 5),
          "the drop-down shows Up to layer 1")
    shot("network-layer1")

    # Hover the neurons of hidden layer 1 (the second of five columns).
    net = need("Network", "drawing area") if find("Network", "drawing area") else need("Network")
    nx, ny, nw, nh = extents(net)
    cx = nx + 10 + (nw - 20) * 1.5 / 5
    check(sweep([(cx, yy) for yy in range(ny + 24, ny + nh - 6, 2)], lambda: focus_text().startswith("neuron ")),
          "hovering a neuron names it: " + focus_text())
    check(" of layer 1" in focus_text(), "it is a neuron of layer 1")

    # Hover the map until the pointer is on an edge: the caption names its neuron.
    xdo("mousemove", "5", "5")
    check(wait(lambda: not focus_text().startswith("neuron "), 3), "leaving the network view clears the neuron")
    m = need("Region map")
    mx, my, mw, mh = extents(m)
    path = [(mx + mw * (0.15 + 0.7 * t / 400), my + mh * 0.45) for t in range(400)]
    check(sweep(path, lambda: focus_text().startswith("Edge of neuron ")),
          "hovering a map edge names the neuron that made it: " + focus_text())
    check(" in layer 1" in focus_text(), "after layer 1 every edge is a layer-1 neuron's")
    check("edge of neuron" in log_text(), "the core traces the edge's neuron")
    shot("network-edge")
finally:
    app.terminate()
    try:
        app.wait(10)
    except subprocess.TimeoutExpired:
        app.kill()

print(f"{len(failures)} failure(s)" if failures else "network view: all checks passed", flush=True)
sys.exit(1 if failures else 0)
