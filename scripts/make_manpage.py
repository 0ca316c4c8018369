"""Writes nnviz's man page (man(7) troff) from the command definitions themselves: the JSON that
swift-argument-parser prints for `nnviz --experimental-dump-help`. Used by scripts/install.

(swift-argument-parser's own generate-manual plugin builds every product again with its own
settings, which makes the next ordinary release build start over; this needs only the binary.)

usage: make_manpage.py NNVIZ_BINARY DATE > nnviz.1
"""

import json
import subprocess
import sys


def roff(text):
    """Text safe in a troff body: backslashes escaped, no line read as a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def option_label(arg):
    if arg["kind"] == "positional":
        return "\\fI%s\\fR" % roff(arg["valueName"])
    names = []
    for n in arg.get("names", []):
        dash = "-" if n["kind"] == "short" else "--"
        names.append("\\fB%s\\fR" % roff(dash + n["name"]))
    label = ", ".join(names)
    if arg["kind"] == "option":
        label += " \\fI%s\\fR" % roff(arg.get("valueName", "value"))
    return label


def describe(arg):
    text = arg.get("abstract", "")
    if arg.get("discussion"):
        text += " " + arg["discussion"]
    if "defaultValue" in arg and arg["kind"] == "option":
        text += " (default: %s)" % arg["defaultValue"]
    if arg.get("allValues"):
        text += " (one of: %s)" % ", ".join(arg["allValues"])
    return roff(text.strip())


def arguments(args):
    out = []
    for arg in args:
        if not arg.get("shouldDisplay", True):
            continue
        out += [".TP", option_label(arg), describe(arg)]
    return out


def main():
    binary, date = sys.argv[1], sys.argv[2]
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    dump = subprocess.run(
        [binary, "--experimental-dump-help"], capture_output=True, text=True, check=True
    ).stdout
    root = json.loads(dump)["command"]
    name = root["commandName"]
    default = root.get("defaultSubcommand")
    subcommands = [c for c in root.get("subcommands", []) if c.get("shouldDisplay", True) and c["commandName"] != "help"]

    out = ['.TH %s 1 "%s" "%s %s" "User Commands"' % (name.upper(), date, name, version)]
    out += [".SH NAME", "%s \\- %s" % (name, roff(root["abstract"].rstrip(".")))]
    out += [".SH SYNOPSIS"]
    for c in subcommands:
        out += [".B %s %s" % (name, c["commandName"]), "[\\fIoptions\\fR]", ".br"]
    if default:
        out += [".B %s" % name, "\\fIIMAGE\\fR [\\fIoptions\\fR]", ".br"]
    out += [".B %s" % name, ".br", ".B %s \\-\\-version" % name]
    out += [".SH DESCRIPTION", roff(root["abstract"])]
    out += [
        ".PP",
        "Without arguments %s opens the window on its bundled sample image." % name,
    ]
    if default:
        out += [
            ".PP",
            "When the first argument is not a subcommand, the arguments are those of \\fB%s\\fR." % default,
        ]
    out += [".SH OPTIONS"] + arguments(root.get("arguments", []))
    out += [".SH COMMANDS"]
    for c in subcommands:
        out += [".SS \"%s %s\"" % (name, c["commandName"]), roff(c.get("abstract", ""))]
        if c.get("discussion"):
            out += [".PP", roff(c["discussion"])]
        out += arguments(c.get("arguments", []))
    out += [
        ".SH ENVIRONMENT",
        ".TP",
        "\\fBNNVIZ_DATA\\fR",
        "A folder holding the sample image %s, searched before the installed one." % roff("spirals128.png"),
        ".SH FILES",
        ".TP",
        "\\fI/usr/share/nnviz/samples/spirals128.png\\fR",
        "The sample the window opens with (under the install prefix; found relative to the binary).",
    ]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
