"""The course's JupyterLab settings, written into a Python environment (standard library only).

    python student/lab_settings.py --instructor   # an instructor's venv (`make install`)
    python student/lab_settings.py --student      # a student's: binder/postBuild, and the student
                                                  # bundle's setup_lab.py (this file, renamed)

Both write, under ``sys.prefix`` of the Python that runs it:

- ``etc/ipython/ipython_kernel_config.py``: TensorFlow's C++ start-up lines go to the terminal,
  not into cells (``capture_fd_output = False``);
- ``share/jupyter/lab/settings/overrides.json``: no "Jupyter news" pop-up on first start.

``--student`` also writes ``etc/jupyter/labconfig/page_config.json``: nbgrader's instructor
plugins (Formgrader, Create Assignment, Course List) disabled and locked, so the student's Lab
shows the assignment list and Validate only, as ``jupyter labextension disable`` / ``lock
--level=sys_prefix`` would. Existing settings in those JSON files are kept.
"""

import argparse
import json
import sys
from pathlib import Path

__all__ = ["INSTRUCTOR_PLUGINS", "KERNEL_CONFIG", "OVERRIDES", "main", "write_settings"]

#: the IPython kernel setting (TensorFlow's C++ logs out of cells)
KERNEL_CONFIG = (
    "# Written by the course's lab_settings.py: TensorFlow C++ logs go to the terminal, "
    "not into cells.\nc.IPKernelApp.capture_fd_output = False\n"
)
#: JupyterLab's overrides.json: no news pop-up, no update check
OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}
}
#: nbgrader's Lab plugins a student does not get
INSTRUCTOR_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)


def _merge_json(path, update):
    """Write ``update`` into the JSON object at ``path``, keeping its other entries."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for key, value in update.items():
        data[key] = {**data.get(key, {}), **value} if isinstance(value, dict) else value
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def write_settings(*, prefix: Path, student: bool) -> list:
    """Write the course's kernel and Lab settings into an environment.

    Args:
        prefix: the environment's ``sys.prefix``.
        student: also disable and lock nbgrader's instructor plugins.

    Returns:
        list of Path: the files written.
    """
    prefix = Path(prefix)
    kernel = prefix / "etc" / "ipython" / "ipython_kernel_config.py"
    kernel.parent.mkdir(parents=True, exist_ok=True)
    kernel.write_text(KERNEL_CONFIG, encoding="utf-8")
    overrides = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    _merge_json(overrides, OVERRIDES)
    written = [kernel, overrides]
    if student:
        page_config = prefix / "etc" / "jupyter" / "labconfig" / "page_config.json"
        plugins = {plugin: True for plugin in INSTRUCTOR_PLUGINS}
        _merge_json(page_config, {"disabledExtensions": plugins, "lockedExtensions": plugins})
        written.append(page_config)
    return written


def main(argv=None):
    """Command line: ``--student | --instructor [--prefix DIR]``; prints the files written. Returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--student", action="store_true", help="a student's Lab: no instructor plugins"
    )
    who.add_argument(
        "--instructor", action="store_true", help="an instructor's Lab: every nbgrader plugin"
    )
    parser.add_argument(
        "--prefix", type=Path, default=Path(sys.prefix), help="default: this Python's sys.prefix"
    )
    args = parser.parse_args(argv)
    for path in write_settings(prefix=args.prefix, student=args.student):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
