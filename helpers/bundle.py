"""Build the student bundle: ``make bundle`` (instructor tool; standard library only).

Usage, from the course root::

    python -m helpers.bundle [ASSIGNMENT ...] [--output dist/shapes-and-batches-student.zip]

The zip holds what a student needs and nothing else:

- ``README.md``: the student's README (``helpers/STUDENT_README.md``);
- ``notebooks/<id>/...``: the released notebooks (all of ``notebooks/``, or the assignments
  named), as ``make release`` generated them (no solutions, no hidden tests);
- ``helpers/``: the package the notebooks import, without the instructor's tools (grading
  modules, the kernel guard, this module);
- ``pyproject.toml`` and ``environment.yml``: what to install (``pip install -e .`` needs
  ``README.md`` and ``helpers/`` beside ``pyproject.toml``, which the zip has).

Entries are sorted and time-stamped 1980-01-01, so the same sources give the same bytes.
"""

import argparse
import sys
import zipfile
from pathlib import Path

__all__ = ["INSTRUCTOR_ONLY", "build_bundle", "bundle_files", "instructor_only", "main"]

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = Path("dist") / "shapes-and-batches-student.zip"
#: files of helpers/ that only the instructor uses (grading, bundling); also every module whose
#: name starts with ``grade`` or ``grading`` (grading tools), see :func:`instructor_only`
INSTRUCTOR_ONLY = {"grading.py", "grade_cli.py", "kernel_guard.py", "bundle.py", "STUDENT_README.md"}


def instructor_only(name):
    """True for a file of helpers/ that students do not get."""
    return name in INSTRUCTOR_ONLY or (name.endswith(".py") and name.startswith(("grade", "grading")))
_SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints"}


def _files(folder):
    return sorted(
        p for p in Path(folder).rglob("*")
        if p.is_file() and not (_SKIP_PARTS & set(p.parts)) and not p.name.startswith(".")
        and p.suffix != ".pyc"
    )


def bundle_files(root=REPO, assignments=None):
    """``[(name in the zip, path on disk)]`` of the student bundle, sorted by name.

    Args:
        root: the course root.
        assignments: assignment ids to include (default: every folder of ``notebooks/``).

    Raises:
        FileNotFoundError: when an assignment has no released notebook (run ``make release``).
    """
    root = Path(root)
    released = root / "notebooks"
    if assignments is None:
        assignments = sorted(p.name for p in released.iterdir() if p.is_dir()) if released.is_dir() else []
    entries = [("README.md", root / "helpers" / "STUDENT_README.md"),
               ("pyproject.toml", root / "pyproject.toml"),
               ("environment.yml", root / "environment.yml")]
    for assignment in assignments:
        folder = released / assignment
        if not (folder / f"{assignment}.ipynb").is_file():
            raise FileNotFoundError(f"no released notebook for {assignment}: run `make release`")
        entries += [(p.relative_to(root).as_posix(), p) for p in _files(folder)]
    for path in _files(root / "helpers"):
        if path.parent == root / "helpers" and instructor_only(path.name):
            continue
        entries.append((path.relative_to(root).as_posix(), path))
    for name, path in entries:
        if not path.is_file():
            raise FileNotFoundError(f"the bundle needs {path}")
    return sorted(entries)


def build_bundle(root=REPO, output=None, assignments=None):
    """Write the student zip; returns its path."""
    root = Path(root)
    output = Path(output) if output else root / DEFAULT_OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, path in bundle_files(root, assignments):
            info = zipfile.ZipInfo(f"shapes-and-batches/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    return output


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m helpers.bundle",
                                     description="Zip what a student needs: notebooks, helpers, install files.")
    parser.add_argument("assignments", nargs="*", help="assignment ids (default: all of notebooks/)")
    parser.add_argument("--output", help=f"zip to write (default: {DEFAULT_OUTPUT})")
    parser.add_argument("--root", default=".", help="course root (default: the current folder)")
    args = parser.parse_args(argv)
    try:
        path = build_bundle(Path(args.root).resolve(), args.output, args.assignments or None)
    except FileNotFoundError as exc:
        print(f"bundle: {exc}", file=sys.stderr)
        return 2
    with zipfile.ZipFile(path) as zf:
        count = len(zf.namelist())
    print(f"wrote {path} ({count} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
