"""What the window's AT-SPI scripts share: finding controls by accessible name, reading and
setting values, pressing buttons, and keyboard/pointer input through xdotool (there is no window
manager under Xvfb, so the scripts give windows the keyboard themselves)."""
import os, subprocess, time
import pyatspi

# Screenshots worth looking at, and what failed: shared by every AT-SPI script.
OUT = os.environ.get("E2E_OUT", "/tmp/nnviz-atspi")
os.makedirs(OUT, exist_ok=True)
failures = []
_first_failure = ["first-failure"]


def name_first_failure(name):
    """The screenshot taken at a script's first failure (one name per script, so none overwrites
    another's)."""
    _first_failure[0] = name


def shot(name):
    """A picture of the screen at a state worth looking at (kept in E2E_OUT)."""
    subprocess.run(["import", "-window", "root", os.path.join(OUT, name + ".png")], check=False)


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what, flush=True)
    if not cond:
        failures.append(what)
        if len(failures) == 1:
            shot(_first_failure[0])
            print("      screenshot: " + os.path.join(OUT, _first_failure[0] + ".png"), flush=True)


def wait(cond, timeout=20.0, step=0.05):
    end = time.time() + timeout
    while time.time() < end:
        try:
            if cond():
                return True
        except Exception:
            pass
        time.sleep(step)
    return False


def xdo(*args):
    subprocess.run(["xdotool", *args], check=False, capture_output=True)


def app_node():
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.name == "nnviz":
            return app
    return None


def find(name, role=None, root=None, prefix=False):
    """The first node whose accessible name is `name` (or starts with it), breadth first."""
    root = root or app_node()
    if root is None:
        return None
    queue = [root]
    while queue:
        n = queue.pop(0)
        try:
            nm, rl = n.name, n.getRoleName()
        except Exception:
            continue
        if (nm == name or (prefix and nm.startswith(name))) and (role is None or rl == role):
            return n
        queue.extend(c for c in n if c is not None)
    return None


def frames():
    app = app_node()
    return [] if app is None else [f for f in app if f is not None and f.getRoleName() in ("frame", "dialog", "window", "filler")]


def main_frame():
    return next((f for f in frames() if f.name.startswith("nnviz")), None)


def text_of(node):
    t = node.queryText()
    return t.getText(0, t.characterCount)


def type_into(node, text):
    """Clicks into a text field, replaces its text and presses Enter, as a person does."""
    x, y = centre(node)
    xdo("mousemove", str(x), str(y))
    xdo("click", "1")
    time.sleep(0.2)
    xdo("key", "ctrl+a")
    xdo("type", "--delay", "10", text)
    xdo("key", "Return")


def focus(title_prefix):
    """Gives an X window the keyboard (there is no window manager under Xvfb to do it)."""
    out = []
    end = time.time() + 10
    while not out and time.time() < end:
        out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^" + title_prefix],
                             capture_output=True, text=True).stdout.split()
        time.sleep(0.1)
    if out:
        xdo("windowfocus", "--sync", out[-1])
        time.sleep(0.2)
    return bool(out)


def need(name, role=None, root=None, timeout=10.0):
    """The node, waiting for it: GTK rebuilds parts of its accessibility tree while it re-lays out
    the sidebar (after a Reset, for instance), and a control can be missing for a moment."""
    found = []
    wait(lambda: found.append(find(name, role, root)) or found[-1] is not None, timeout)
    node = found[-1] if found else None
    if node is None:
        raise RuntimeError(f"no {role or 'node'} named {name!r} in the accessibility tree")
    return node


def value(name):
    return need(name, "spin button").queryValue().currentValue


def set_value(name, v):
    for _ in range(3):
        try:
            need(name, "spin button").queryValue().currentValue = v
            return
        except Exception:
            time.sleep(0.3)
    need(name, "spin button").queryValue().currentValue = v


def press(name, root=None, role="push button"):
    node = need(name, role, root)
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "activate", "press"):
            action.doAction(i)
            return
    action.doAction(0)


def pick(name):
    """Presses a toggle button of a segmented choice until it reads as chosen (an action can be
    lost while GTK re-lays out the sidebar)."""
    for _ in range(3):
        press(name)
        if wait(lambda: checked(find(name, "push button")), 3):
            return True
    return False


def checked(node):
    return node.getState().contains(pyatspi.STATE_CHECKED) or node.getState().contains(pyatspi.STATE_PRESSED)


def sensitive(node):
    return node.getState().contains(pyatspi.STATE_SENSITIVE)


def status():
    return (find("epoch ", "label", prefix=True) or find("showing epoch ", "label", prefix=True)
            or find("Ready", "label", prefix=True))


def status_text():
    s = status()
    return s.name if s else ""


def epoch():
    t = status_text()
    if "epoch " not in t:
        return 0
    return int(t.split("epoch ")[1].split(" ")[0])


def centre(node):
    x, y, w, h = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return x + w // 2, y + h // 2


def all_text(root):
    """The contents of every text field under `root` (a file name field has no accessible name)."""
    out, queue = [], [root] if root is not None else []
    while queue:
        n = queue.pop(0)
        try:
            if n.getRoleName() in ("text", "entry"):
                out.append(text_of(n))
            queue.extend(c for c in n if c is not None)
        except Exception:
            continue
    return out


def labels(root):
    """The text of every label under `root`, in tree order."""
    out, queue = [], [root] if root is not None else []
    while queue:
        n = queue.pop(0)
        try:
            if n.getRoleName() == "label":
                out.append(n.name)
            queue.extend(c for c in n if c is not None)
        except Exception:
            continue
    return out


def answer_save_dialog(title, path):
    """Types a file name into a save dialog, as a person does, and presses Enter until it closes
    (the first Return may only accept the entry's completion). True when it closed."""
    if not focus(title):
        return False
    xdo("key", "ctrl+a")
    xdo("type", "--delay", "5", path)
    for _ in range(3):
        xdo("key", "Return")
        if wait(lambda: dialog(title) is None, 2):
            return True
    return False


def dialog(title_prefix):
    return next((f for f in frames() if f.name.startswith(title_prefix)), None)

