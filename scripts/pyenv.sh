# Sourced by the Python-based scripts: a venv with the PyPI packages they need, made once.
# NNVIZ_VENV overrides where it lives (default: .venv in the repository).
nnviz_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NNVIZ_VENV="${NNVIZ_VENV:-$nnviz_root/.venv}"
nnviz_python() {
  if ! command -v python3 >/dev/null 2>&1; then
    echo "installing python3 (apt)" >&2
    ${SUDO:-} apt-get install -y -q python3 python3-venv >/dev/null
  fi
  if [ ! -x "$NNVIZ_VENV/bin/python" ]; then
    python3 -m venv "$NNVIZ_VENV" || { ${SUDO:-} apt-get install -y -q python3-venv >/dev/null && python3 -m venv "$NNVIZ_VENV"; }
  fi
  "$NNVIZ_VENV/bin/python" -c "import numpy, safetensors, regioncam, PIL" 2>/dev/null ||
    "$NNVIZ_VENV/bin/pip" install -q --disable-pip-version-check "numpy" "safetensors" "regioncam==0.5.2" "pillow" >&2
  echo "$NNVIZ_VENV/bin/python"
}
