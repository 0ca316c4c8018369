"""Drives the real nnviz window through the accessibility tree (AT-SPI), the way GNOME
applications are tested: controls are found by their accessible names, values are read and set
through AT-SPI's Value and Text interfaces, buttons are pressed through their actions; the
keyboard and the wheel come from xdotool, as a person's would. Runs under dbus-run-session and
Xvfb (scripts/e2e-atspi); Debian's python3-pyatspi."""
import os, re, subprocess, sys, tempfile, time
from atspi_kit import *  # noqa: F401,F403 (find, press, value, wait, xdo, …)

NNVIZ = os.environ["NNVIZ_BIN"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


work = tempfile.mkdtemp(prefix="nnviz-atspi-")
# A desktop recent list of its own: the menu's Recent Sessions hold only this run's session.
env = dict(os.environ, GSK_RENDERER="cairo", GSETTINGS_BACKEND="memory", NNVIZ_TRACE="1",
           XDG_DATA_HOME=os.path.join(work, "data"))
env.pop("GTK_A11Y", None)
model = os.path.join(work, "net-8x8-relu.safetensors")
# A model written by the CLI: 8×8 ReLU, to check that the controls describe it when opened.
subprocess.run([NNVIZ, "regions", "--random", "8,8", "--seed", "2", "--save-model", model, "--json"],
               check=True, capture_output=True)
log = open(os.path.join(work, "app.log"), "w")
app = subprocess.Popen([NNVIZ, "gui", model], stdout=log, stderr=subprocess.STDOUT, env=env)
try:
    check(wait(lambda: main_frame() is not None, 30), "the window appears in the accessibility tree")
    check(wait(lambda: "8×8" in main_frame().name), "the title names the opened network: " + (main_frame().name if main_frame() else ""))
    check(value("Width") == 8 and value("Depth") == 2, "Width and Depth show the opened model (8, 2)")
    check(text_of(find("Hidden layers", "text")) == "8,8", "Hidden layers shows 8,8")
    act = find("Activation", "combo box")
    check(find("ReLU", "label", act) is not None and find("LeakyReLU", "label", act) is None, "Activation shows ReLU")

    # Open an image through the dialog, typing its path as a person would (Ctrl+L).
    press("Open image")
    check(wait(lambda: dialog("Open image") is not None), "Open image… shows the file dialog")
    check(focus("Open image"), "the dialog's window can take the keyboard")
    xdo("key", "ctrl+l")
    time.sleep(0.3)
    xdo("type", "--delay", "5", os.path.join(ROOT, "data/disk64.png"))
    time.sleep(0.3)
    # The first Return may only accept the entry's completion; the dialog then opens the file.
    for _ in range(3):
        xdo("key", "Return")
        if wait(lambda: dialog("Open image") is None, 2):
            break
    check(wait(lambda: dialog("Open image") is None and "disk64.png" in main_frame().name), "the image opened")
    check(wait(lambda: "Ready" in status_text()), "ready to train: " + status_text())
    focus("nnviz")

    # Typing a shape: every control agrees, and the change waits for Reset.
    type_into(find("Hidden layers", "text"), "32,32,32,32")
    check(wait(lambda: value("Width") == 32 and value("Depth") == 4), "typing 32,32,32,32 sets Width 32 and Depth 4")
    pending = find("Waiting for Reset", "label", prefix=True)
    check(pending is not None and "32×32×32×32" in pending.name, "the pending change is shown: " + (pending.name if pending else "none"))
    check("8×8 ReLU" in main_frame().name, "the network itself (8×8, as opened) is unchanged until Reset")
    shot("pending")
    press("Reset")
    check(wait(lambda: "32×32×32×32" in main_frame().name), "Reset builds exactly what the controls show")
    check(find("Waiting for Reset", "label", prefix=True) is None, "nothing is pending after Reset")

    # The epoch limit applies live; Play continues past a raised limit.
    set_value("Depth", 2)
    set_value("Width", 8)
    press("Reset")
    check(wait(lambda: "8×8 " in main_frame().name), "a small network for the training checks")
    set_value("Epoch limit", 20)
    press("Play")
    check(wait(lambda: epoch() == 20 and find("Play", "push button") is not None, 30), "training stops at the limit of 20")
    set_value("Epoch limit", 40)
    press("Play")
    check(wait(lambda: epoch() == 40 and find("Play", "push button") is not None, 30), "Play continues to the raised limit of 40")

    # The wheel over the sidebar scrolls; it never changes the spin button under the pointer.
    before = value("Threshold")
    x, y = centre(find("Threshold", "spin button"))
    xdo("mousemove", str(x), str(y))
    for _ in range(6):
        xdo("click", "4")
        xdo("click", "5")
    time.sleep(0.5)
    check(value("Threshold") == before, f"the wheel left Threshold at {before}")
    check(epoch() == 40, "and the trained run is still there")

    # Keys go to training wherever the pointer clicked last (a button never keeps the keyboard).
    x, y = centre(find("Step", "push button"))
    xdo("mousemove", str(x), str(y))
    xdo("click", "1")
    check(wait(lambda: epoch() == 41), "a click on Step trains one epoch")
    set_value("Epoch limit", 100000)
    xdo("key", "space")
    check(wait(lambda: find("Pause", "push button") is not None, 10), "then Space plays (it does not press Step again)")
    xdo("key", "space")
    check(wait(lambda: find("Play", "push button") is not None, 10), "and Space pauses")
    check(dialog("Open image") is None and dialog("Discard") is None, "no dialog came back on Space")
    e = epoch()

    # Discarding a trained run asks first.
    press("Reset")
    check(wait(lambda: dialog("Discard the trained network") is not None), "Reset on a trained run asks first")
    time.sleep(0.3)
    shot("confirm-reset")
    press("Cancel", dialog("Discard the trained network"))
    check(wait(lambda: dialog("Discard the trained network") is None) and epoch() == e, f"Cancel keeps epoch {e}")

    # The timeline: scrub to epoch 10 and resume from there.
    slider = find("Timeline", "slider")
    slider.queryValue().currentValue = 1
    check(wait(lambda: find("Timeline: epoch 10", "label", prefix=True) is not None), "scrubbing shows epoch 10")
    check(wait(lambda: status_text().startswith("showing epoch 10")), "the status line follows: " + status_text())
    time.sleep(0.5)
    shot("scrubbed")
    resume = find("Resume from here", "push button")
    check(sensitive(resume), "Resume from here is offered while scrubbed")
    press("Resume from here")
    check(wait(lambda: dialog("Resume training from epoch 10") is not None), "resuming asks before dropping later epochs")
    set_value("Epoch limit", 30)
    press("Resume from Epoch 10", dialog("Resume training from epoch 10"))
    check(wait(lambda: find("Play", "push button") is not None and epoch() == 30, 20),
          f"training went on from epoch 10 to the limit of 30 (was at {e})")
    check(find("Timeline: live, epoch 30", "label", prefix=True) is not None, "the timeline is live again, at epoch 30")

    # The task: colour classes wait for Reset like the shape, then relabel the image.
    pick("Classes")
    check(wait(lambda: checked(find("Classes", "push button")) and sensitive(find("Classes", "spin button"))),
          "the task is Colour classes, and its number of classes can be set")
    set_value("Classes", 4)
    pending = find("Waiting for Reset", "label", prefix=True)
    check(pending is not None and "task: 4 colour classes" in pending.name,
          "the new task waits for Reset: " + (pending.name if pending else "none"))
    press("Reset")
    check(wait(lambda: dialog("Discard the trained network") is not None), "Reset on the trained run asks first")
    press("Discard and Reset", dialog("Discard the trained network"))
    check(wait(lambda: "classes" in main_frame().name), "the title names the task: " + main_frame().name)
    check(wait(lambda: find("Winning class", "label", find("Colour regions by", "combo box")) is not None),
          "the map switches to the winning class's colours")
    check(find("Output shown", "combo box") is not None, "the output the surface shows can be chosen")
    set_value("Epoch limit", 60)
    press("Play")
    check(wait(lambda: epoch() == 60 and find("Play", "push button") is not None, 60), "the classifier trains to 60")
    check("acc " in status_text(), "its status reports accuracy: " + status_text())
    time.sleep(1.0)
    shot("classes")
    pick("Regression")
    check(wait(lambda: sensitive(find("RGB", "push button"))), "a regression offers grey or RGB")
    pick("RGB")
    check(wait(lambda: checked(find("RGB", "push button")) and not sensitive(find("Classes", "spin button"))),
          "the task is an RGB regression")
    press("Reset")
    check(wait(lambda: dialog("Discard the trained network") is not None), "asked again")
    press("Discard and Reset", dialog("Discard the trained network"))
    check(wait(lambda: "RGB regression" in main_frame().name), "the title names the regression: " + main_frame().name)
    check(wait(lambda: find("Reconstruction", "label", find("Colour regions by", "combo box")) is not None),
          "the map shows the reconstruction")
    set_value("Epoch limit", 30)
    press("Play")
    check(wait(lambda: epoch() == 30 and find("Play", "push button") is not None, 60), "the regression trains to 30")
    check("PSNR" in status_text() and "dB" in status_text(), "its status reports PSNR: " + status_text())
    time.sleep(1.0)
    shot("regression")

    # Export the map through its dialog: a meaningful default name, and a name typed without an
    # extension gets the chosen format's (PNG, offered first).
    focus("nnviz")
    xdo("key", "ctrl+e")
    check(wait(lambda: dialog("Export region map") is not None), "Ctrl+E opens the export dialog")
    texts = []
    wait(lambda: texts.extend(t for t in all_text(dialog("Export region map")) if t.endswith(".png")) or texts, 5)
    suggested = texts[0] if texts else ""
    check(suggested.startswith("disk64_8x8_epoch30_regions") and suggested.endswith(".png"),
          "it suggests a name that says what the file holds: " + suggested)
    check(answer_save_dialog("Export region map", os.path.join(work, "exported")), "a name typed into it is taken")
    exported = os.path.join(work, "exported.png")
    check(wait(lambda: os.path.exists(exported), 10), "the typed name gets the PNG filter's extension")
    check(wait(lambda: find("Saved to " + exported, "label") is not None), "and the window says where it was saved")
    with open(exported, "rb") as f:
        check(f.read(4) == b"\x89PNG", "the file is a PNG")

    # Save the session (Ctrl+Shift+S), then open it in a second window: the same network, task,
    # epoch and picture.
    focus("nnviz")
    xdo("key", "ctrl+shift+s")
    check(wait(lambda: dialog("Save session") is not None), "Ctrl+Shift+S opens the session dialog")
    texts = []
    wait(lambda: texts.extend(t for t in all_text(dialog("Save session")) if t.endswith(".nnviz")) or texts, 5)
    check(bool(texts) and texts[0].startswith("disk64_8x8_epoch30"), "it suggests a session name: " + (texts[0] if texts else ""))
    check(answer_save_dialog("Save session", os.path.join(work, "run")), "a name typed into it is taken")
    session = os.path.join(work, "run.nnviz")
    check(wait(lambda: os.path.exists(session), 10), "the session is saved with its extension")
    check(wait(lambda: find("Saved to " + session, "label") is not None), "and the window says so")
    reopened = os.path.join(OUT, "session-reopened.png")
    r = subprocess.run([NNVIZ, "gui", "--screenshot", reopened, session], capture_output=True, text=True, env=env,
                       timeout=120)
    check(r.returncode == 0 and "epoch 30" in r.stdout, "nnviz gui FILE.nnviz reopens it at epoch 30: " + r.stdout.strip()[-120:])
    # Export → Training video: a stride and a speed, the length they give, then the file.
    # GTK 4.8's menu button offers no AT-SPI action: it is clicked as a person would.
    focus("nnviz")
    x, y = centre(need("Export", "push button"))
    xdo("mousemove", str(x), str(y))
    xdo("click", "1")
    press("Training video (WebM)…", role="menu item")
    check(wait(lambda: dialog("Training video") is not None), "Export → Training video asks which epochs to show")
    def length():
        """The dialog's line under the fields: the video's length, or why it cannot be made."""
        for n in labels(dialog("Training video")):
            if re.match(r"\d+ frames? · |The |No |A frame every N|Frames per second must", n):
                return n
        return ""
    check(wait(lambda: "frames" in length()), "it shows the video's length: " + length())
    set_value("A frame every", 10)
    set_value("Frames per second", 2)
    check(wait(lambda: length().startswith("4 frames · 2.0 s")), "a frame every 10 epochs of 30, 2 a second: " + length())
    set_value("From epoch", 25)
    set_value("To epoch", 20)
    check(wait(lambda: "must not come after" in length()), "a backward range is explained: " + length())
    check(not sensitive(need("Choose File…")), "and cannot be exported")
    set_value("From epoch", 0)
    set_value("To epoch", 30)
    shot("video-options")
    press("Choose File…")
    check(answer_save_dialog("Export training video", os.path.join(work, "training")), "the video gets a name")
    video = os.path.join(work, "training.webm")
    check(wait(lambda: find("Saved to " + video, "label") is not None, 60), "the video is written")
    probe = subprocess.run(["gst-discoverer-1.0", video], capture_output=True, text=True).stdout
    check("VP8" in probe and "Duration: 0:00:02.0" in probe, "it plays for 4 frames at 2 a second: " + probe[-200:])

    set_value("Epoch limit", 31)
    press("Step")
    check(wait(lambda: epoch() == 31), "one more epoch is work the session does not hold")

    # The main menu's Recent Sessions reopen it (after asking, as epoch 31 is not saved).
    item = lambda: find("run.nnviz", "menu item")
    for _ in range(4):
        # The desktop's recent list is written asynchronously: a menu opened before it changed
        # is opened again.
        focus("nnviz")
        x, y = centre(need("Main menu", "push button"))
        xdo("mousemove", str(x), str(y))
        xdo("click", "1")
        if wait(lambda: item() is not None, 3):
            break
        xdo("key", "Escape")
        time.sleep(0.5)
    check(item() is not None, "the main menu lists the saved session under Recent Sessions")
    time.sleep(0.5)
    shot("recent-sessions")
    for _ in range(3):
        try:
            press(item().name, role="menu item")
            break
        except Exception:  # the section was rebuilt under the pointer: find it again
            time.sleep(0.5)
    check(wait(lambda: dialog("Open run.nnviz and discard") is not None), "opening it asks before dropping epoch 31")
    press("Discard and Open")
    check(wait(lambda: epoch() == 30 and "RGB regression" in main_frame().name),
          "the session is back at epoch 30: " + main_frame().name)
    set_value("Epoch limit", 31)
    press("Step")
    check(wait(lambda: epoch() == 31), "and trains on from there")

    # The shortcuts window closes with Esc, and Ctrl+Q asks before losing the run.
    xdo("key", "ctrl+question")
    check(wait(lambda: dialog("Keyboard shortcuts") is not None), "Ctrl+? shows the shortcuts")
    xdo("key", "Escape")
    check(wait(lambda: dialog("Keyboard shortcuts") is None), "Esc closes them")
    xdo("key", "ctrl+q")
    check(wait(lambda: dialog("Quit and discard") is not None), "Ctrl+Q on a trained run asks first")
    press("Cancel", dialog("Quit and discard"))
    time.sleep(0.3)
    check(app.poll() is None, "Cancel keeps the window")
    xdo("key", "ctrl+q")
    check(wait(lambda: dialog("Quit and discard") is not None), "asked again")
    press("Discard and Quit", dialog("Quit and discard"))
    check(wait(lambda: app.poll() is not None, 10), "Discard and Quit closes the app")
    check(app.returncode == 0, f"with exit status 0 (got {app.returncode})")
finally:
    if app.poll() is None:
        app.terminate()
        app.wait(timeout=10)
    log.close()

# A 1024×768 screen: the window fits, and every control is still there and usable (the
# sidebar scrolls); the region map keeps a fair share, and Ctrl+plus reaches the core.
small_log = open(os.path.join(work, "small.log"), "w")
app = subprocess.Popen([NNVIZ, "gui", "--size", "1024x768", os.path.join(ROOT, "data/disk64.png")],
                       stdout=small_log, stderr=subprocess.STDOUT, env=env)
try:
    check(wait(lambda: main_frame() is not None and "disk64.png" in main_frame().name, 30), "the 1024×768 window appears")
    check(wait(lambda: "Ready" in status_text()), "and is ready to train")
    _, _, fw, fh = main_frame().queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    check(fw <= 1024 and fh <= 768, f"the window is at most 1024×768 ({fw}×{fh})")
    controls = [("Open image", "push button"), ("Export", None), ("Main menu", None), ("Task", None),
                ("Hidden layers", "text"), ("Width", "spin button"), ("Depth", "spin button"),
                ("Activation", "combo box"), ("Learning rate", "spin button"), ("Epoch limit", "spin button"),
                ("Play", "push button"), ("Step", "push button"), ("Reset", "push button"),
                ("Timeline", "slider"), ("Colour regions by", "combo box"), ("Region map", None), ("Inspector", None)]
    for name, role in controls:
        node = find(name, role)
        check(node is not None and sensitive(node), f"{name} is reachable and sensitive at 1024×768")
    xdo("key", "ctrl+plus")
    check(wait(lambda: "text scale 1.1" in open(os.path.join(work, "small.log")).read(), 5),
          "Ctrl+plus scales the plots' text (the core reports 1.1)")
    placed = [l.split() for l in open(os.path.join(work, "small.log")).read().splitlines() if l.startswith("map at ")]
    share = max((float(p[-1]) for p in placed), default=0)
    check(share >= 0.3, f"the region map keeps {share:.0%} of the 1024×768 window")
    shot("small-window")
finally:
    if app.poll() is None:
        app.terminate()
        app.wait(timeout=10)
    small_log.close()

if failures:
    print(open(os.path.join(work, "app.log")).read()[-3000:])
print(f"atspi: {len(failures)} failed")
sys.exit(1 if failures else 0)
