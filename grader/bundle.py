"""The student bundle: the zip a student needs (``make bundle``; standard library only).

It holds:

- ``README.md``: the student's README (``student/STUDENT_README.md``), with the course's version
  (``pyproject.toml``'s) on its ``Version:`` line;
- ``LICENSE`` (MIT, the code) and ``LICENSE-CONTENT.md`` (CC BY 4.0, the lessons);
- ``setup_lab.py``: ``student/lab_settings.py``, which a student runs once with ``--student``
  (a student's JupyterLab: no instructor plugins, no news pop-up, no TensorFlow log lines);
- ``docs/glossary.md``: the glossary the lessons link (``../../docs/glossary.md``);
- ``notebooks/<id>/...``: the released notebooks (every lesson's, or the assignments named), as ``make release`` generated them (no solutions, no hidden tests);
- ``helpers/``: the package the notebooks import, whole (the instructor's tools are in
  ``grader/``, which is not in the bundle);
- ``pyproject.toml`` and ``environment.yml``: what to install (``pip install -e .`` finds
  ``helpers`` and no ``grader`` there, and installs it).

Entries are sorted and time-stamped 1980-01-01, so the same sources give the same bytes.
"""

import re
import zipfile
from pathlib import Path

from grader.course import lesson_ids

__all__ = ["DEFAULT_OUTPUT", "BundleError", "build_bundle", "bundle_files", "course_version"]

DEFAULT_OUTPUT = Path("dist") / "shapes-and-batches-student.zip"
_SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints"}


class BundleError(FileNotFoundError):
    """A file the bundle needs is missing (e.g. a release: run ``make release``); exit code 2."""

    exit_code = 2


def course_version(root):
    """The course's version: ``version`` in ``[project]`` of ``root/pyproject.toml``.

    Args:
        root: the course root.

    Returns:
        str: e.g. ``"0.2.0"``.

    Raises:
        BundleError: when pyproject.toml or its version is missing.
    """
    path = Path(root) / "pyproject.toml"
    if not path.is_file():
        raise BundleError(f"the bundle needs {path}")
    project = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", path.read_text(), re.M | re.S)
    found = project and re.search(r'^version\s*=\s*"([^"]+)"', project.group(1), re.M)
    if not found:
        raise BundleError(f"{path} has no [project] version")
    return found.group(1)


def _readme(root, path):
    """The student README with the version line after its title."""
    title, _, rest = path.read_text(encoding="utf-8").partition("\n")
    return f"{title}\n\nVersion: {course_version(root)}\n{rest}".encode("utf-8")


def _files(folder):
    return sorted(
        p
        for p in Path(folder).rglob("*")
        if p.is_file()
        and not (_SKIP_PARTS & set(p.parts))
        and not p.name.startswith(".")
        and p.suffix != ".pyc"
    )


def bundle_files(*, root: Path, assignments: list = None) -> list:
    """``[(name in the zip, path on disk)]`` of the student bundle, sorted by name.

    Args:
        root: the course root.
        assignments: assignment ids to include (default: every lesson of the course).

    Returns:
        list of ``(str, Path)``.

    Raises:
        BundleError: when an assignment has no released notebook, or a file is missing.
    """
    root = Path(root)
    released = root / "notebooks"
    if assignments is None:
        assignments = lesson_ids(root=root)
    entries = [
        ("README.md", root / "student" / "STUDENT_README.md"),
        ("pyproject.toml", root / "pyproject.toml"),
        ("environment.yml", root / "environment.yml"),
        ("LICENSE", root / "LICENSE"),
        ("LICENSE-CONTENT.md", root / "LICENSE-CONTENT.md"),
        ("setup_lab.py", root / "student" / "lab_settings.py"),
        ("docs/glossary.md", root / "docs" / "glossary.md"),
    ]
    for assignment in assignments:
        folder = released / assignment
        if not (folder / f"{assignment}.ipynb").is_file():
            raise BundleError(f"no released notebook for {assignment}: run `make release`")
        entries += [(p.relative_to(root).as_posix(), p) for p in _files(folder)]
    entries += [(p.relative_to(root).as_posix(), p) for p in _files(root / "helpers")]
    for name, path in entries:
        if not path.is_file():
            raise BundleError(f"the bundle needs {path}")
    return sorted(entries)


def build_bundle(*, root: Path, output: Path = None, assignments: list = None) -> Path:
    """Write the student zip.

    Args:
        root: the course root.
        output: the zip to write (default: ``dist/shapes-and-batches-student.zip`` in ``root``).
        assignments: assignment ids to include (default: every lesson of the course).

    Returns:
        Path: the zip written.

    Raises:
        BundleError: as :func:`bundle_files`.
    """
    root = Path(root)
    output = Path(output) if output else root / DEFAULT_OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, path in bundle_files(root=root, assignments=assignments):
            info = zipfile.ZipInfo(f"shapes-and-batches/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, _readme(root, path) if name == "README.md" else path.read_bytes())
    return output
