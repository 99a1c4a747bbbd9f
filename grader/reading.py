"""Read a submitted file into a notebook, or say in a sentence why it cannot be graded."""

import json
import re
import warnings
from pathlib import Path

__all__ = ["MAX_NOTEBOOK_BYTES", "read_notebook_file"]

#: the largest notebook file the grader reads (a notebook is text; outputs are cleared anyway)
MAX_NOTEBOOK_BYTES = 100 * 1024 * 1024


def read_notebook_file(path, max_bytes=MAX_NOTEBOOK_BYTES):
    """Read a submitted notebook.

    Returns:
        tuple: ``(nb, reason, notes)``: the notebook or, when it cannot be read, ``None`` and
        the reason; notes say what was repaired on reading.
    """
    import nbformat

    path = Path(path)
    if not path.is_file():
        found = sorted(p.name for p in path.parent.glob("*.ipynb")) if path.parent.is_dir() else []
        extra = f" (found {', '.join(found)}: renamed?)" if found else ""
        return None, f"no {path.name} in the submission{extra}", []
    size = path.stat().st_size
    if size == 0:
        return None, "empty file (0 bytes)", []
    if size > max_bytes:
        return (
            None,
            f"file too large ({size / 1e6:.0f} MB; the limit is {max_bytes / 1e6:.0f} MB)",
            [],
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "not a notebook: binary data, not JSON text", []
    if not text.strip():
        return None, "empty file (only whitespace)", []
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        body = text.strip()
        if body.startswith("{") and (not body.endswith("}") or exc.pos >= len(text.rstrip()) - 1):
            lines = text.count("\n") + 1
            return (
                None,
                f"not valid JSON: the file stops in the middle, after {lines} lines (truncated?)",
                [],
            )
        return (
            None,
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno} (corrupted?)",
            [],
        )
    if not (
        isinstance(raw, dict) and "nbformat" in raw and ("cells" in raw or "worksheets" in raw)
    ):
        return None, "JSON, but not a Jupyter notebook (no 'nbformat' and 'cells')", []
    if not isinstance(raw.get("nbformat"), int) or raw["nbformat"] < 3:
        return None, f"unsupported notebook format {raw.get('nbformat')!r}", []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(text, as_version=4)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("'cells' is not a list")
        for cell in nb.cells:
            if cell.get("cell_type") not in ("code", "markdown", "raw") or not isinstance(
                cell.get("source"), str
            ):
                raise ValueError("a cell without a valid cell_type and source")
            cell.setdefault("metadata", {})
            if cell.cell_type == "code":
                cell.setdefault("outputs", [])
                cell.setdefault("execution_count", None)
    except Exception as exc:  # nbformat raises many kinds of errors on broken files
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        return None, f"not a readable notebook: {type(exc).__name__}: {first}", []
    raw_ids = [c.get("id") for c in raw.get("cells", []) if isinstance(c, dict)]
    unique = {i for i in raw_ids if isinstance(i, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", i)}
    bad = len(raw_ids) - len(unique) if any(raw_ids) else 0
    return nb, "", [f"{bad} missing or duplicated cell ids made unique"] if bad > 0 else []
