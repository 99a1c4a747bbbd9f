"""Grade every submission of one assignment: ``make grade ASSIGNMENT=<id>``.

Usage, from the course root (the folder holding ``nbgrader_config.py``)::

    python -m helpers.grade_cli ASSIGNMENT [--student GLOB ...] [--timeout S] [--memory-mb N]
                                           [--csv PATH] [--no-feedback] [--course DIR]

For each ``submitted/<student>/<assignment>/`` it checks the notebook, repairs what can be
repaired (deleted, moved or duplicated check cells), autogrades it with nbgrader in a fresh,
memory-capped kernel, writes the scores to the gradebook and the feedback to
``feedback/<student>/<assignment>/``. One bad submission never stops the batch. At the end: a
per-student table, ``grades/<assignment>.csv``, and the exit code (0: every submission has a
grade; 1: at least one is ungradable; 2: the command could not start).

Statuses:

- ``graded``: scored automatically; the reason column lists what the grader noticed or
  repaired (restored check cells, cells stopped by the timeout, the memory cap, cut output).
- ``needs manual grade``: a score is in the gradebook, but some checks could not be scored
  automatically (the kernel died or a cell could not be stopped, so later checks did not run;
  or a grade the instructor entered by hand is waiting for review). The score counts those
  checks as 0 until graded in Formgrader.
- ``ungradable``: no score (not a notebook, a notebook of another assignment, nbgrader failed).
  The reason says why; the student's feedback page says it too.

Design (for parallel grading later): :func:`grade_one` grades ONE student from a
:class:`GradeJob` against a private copy of the gradebook in a private scratch folder and
returns a :class:`GradeResult`; it never touches the course's gradebook or folders.
:class:`GradebookWriter` is the single writer that puts results into the gradebook,
``autograded/`` and ``feedback/``. :func:`grade_assignment` runs them serially. To run jobs in
parallel, give each worker its own process (nbgrader's converters ``os.chdir``) and keep the
writer in the parent: ``GradeJob`` and ``GradeResult`` are plain picklable records.
"""

import argparse
import copy
import csv
import dataclasses
import fnmatch
import glob
import html
import io
import json
import logging
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
import warnings
from pathlib import Path

__all__ = [
    "GRADED",
    "MANUAL",
    "UNGRADABLE",
    "GradeJob",
    "GradeResult",
    "GradebookWriter",
    "GradingSetupError",
    "Prepared",
    "check_gradebook",
    "find_students",
    "grade_assignment",
    "grade_one",
    "main",
    "prepare_submission",
    "safe_url",
]

GRADED = "graded"
MANUAL = "needs manual grade"
UNGRADABLE = "ungradable"

#: the largest notebook file the grader reads (a notebook is text; outputs are cleared anyway)
MAX_NOTEBOOK_BYTES = 100 * 1024 * 1024
GUARDED_EXECUTE = "helpers.grading.GuardedExecute"
CSV_FIELDS = ["student_id", "status", "score", "max_score", "failed_checks", "reason"]


class GradingSetupError(Exception):
    """The command cannot start (no config, unknown assignment, ...): exit code 2."""


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------
@dataclasses.dataclass
class GradeJob:
    """Everything one worker needs to grade one student (picklable)."""

    course: str  # course root: holds nbgrader_config.py
    assignment: str
    student: str
    db_snapshot: str  # path of a private SQLite copy of the gradebook, for this job only
    scratch: str  # an empty private folder
    timeout: int = None  # per-cell timeout in s (None: the course config)
    memory_mb: int = None  # kernel memory cap in MiB (None: the course config; 0: none)
    feedback: bool = True


@dataclasses.dataclass
class GradeResult:
    """What one worker found; :class:`GradebookWriter` applies it."""

    student: str
    status: str
    reason: str = ""
    score: float = None
    max_score: float = None
    failed: list = dataclasses.field(default_factory=list)  # grade ids that lost points
    grades: dict = dataclasses.field(default_factory=dict)  # id -> (auto_score, needs_manual)
    comments: dict = dataclasses.field(default_factory=dict)  # id -> auto_comment
    timestamp: object = None  # the submission's timestamp (datetime) if it had one
    late_penalty: float = None
    autograded_dir: str = None  # scratch folder to move into autograded/
    feedback_dir: str = None  # scratch folder to move into feedback/
    seconds: float = 0.0


@dataclasses.dataclass
class SourceCell:
    """A cell nbgrader tracks, as the gradebook stores it (the instructor's version)."""

    name: str
    cell_type: str
    locked: bool
    checksum: str
    source: str
    points: float = None  # max score for grade cells
    solution: bool = False


@dataclasses.dataclass
class Prepared:
    """A submission checked and repaired before nbgrader sees it."""

    nb: object = None  # nbformat.NotebookNode, None when ungradable
    notes: list = dataclasses.field(default_factory=list)
    reason: str = ""  # why it cannot be graded ("" when it can)


# --------------------------------------------------------------------------------------------
# Course and gradebook access
# --------------------------------------------------------------------------------------------
def load_config(course):
    """The course's nbgrader configuration (``nbgrader_config.py`` in ``course``)."""
    from traitlets.config.loader import PyFileConfigLoader

    course = Path(course).resolve()
    if not (course / "nbgrader_config.py").exists():
        raise GradingSetupError(f"no nbgrader_config.py in {course}: run from the course root")
    return PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()


def course_directory(config):
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=config)


def safe_url(db_url):
    """The gradebook URL without its password, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(db_url).render_as_string(hide_password=True)
    except Exception:
        return db_url.split("@")[-1]


def check_gradebook(config, assignment):
    """The course directory, once the gradebook is known to hold ``assignment``.

    Raises:
        GradingSetupError: no SQLite gradebook file, the assignment is not in it, or the
            gradebook cannot be opened (no server, no driver, wrong password...).
    """
    from nbgrader.api import Gradebook, MissingEntry

    cd = course_directory(config)
    if cd.db_url.startswith("sqlite:///") and not os.path.exists(_sqlite_path(cd.db_url)):
        raise GradingSetupError(f"no gradebook at {_sqlite_path(cd.db_url)}: run `make release` first")
    try:
        with Gradebook(cd.db_url, cd.course_id) as gb:
            try:
                gb.find_assignment(assignment)
            except MissingEntry:
                raise GradingSetupError(
                    f"{assignment} is not in the gradebook {safe_url(cd.db_url)}: run `make release` "
                    f"(or `nbgrader generate_assignment {assignment}`) first") from None
    except GradingSetupError:
        raise
    except Exception as exc:  # cannot connect, no driver, ...
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise GradingSetupError(f"cannot open the gradebook {safe_url(cd.db_url)}: "
                                f"{type(exc).__name__}: {text}"[:400]) from None
    return cd


def _sqlite_path(db_url):
    if not db_url.startswith("sqlite:///"):
        raise GradingSetupError(f"grade_cli needs an SQLite gradebook; the course uses {db_url}")
    return db_url[len("sqlite:///"):]


def snapshot_gradebook(db_url, target):
    """Copy the gradebook (consistently, with SQLite's backup API) to ``target``."""
    source = sqlite3.connect(_sqlite_path(db_url))
    dest = sqlite3.connect(str(target))
    try:
        with dest:
            source.backup(dest)
    finally:
        source.close()
        dest.close()
    return str(target)


def _notebook_name(gb, assignment):
    notebooks = [nb.name for nb in gb.find_assignment(assignment).notebooks]
    if len(notebooks) != 1:
        raise GradingSetupError(f"{assignment} has {len(notebooks)} notebooks; grade_cli grades one")
    return notebooks[0]


def assignment_cells(gb, assignment, notebook):
    """The tracked cells of the assignment in notebook order, from the gradebook."""
    nb = gb.find_notebook(notebook, assignment)
    points = {c.name: float(c.max_score) for c in nb.grade_cells}
    solutions = {c.name for c in nb.solution_cells}
    return [
        SourceCell(name=c.name, cell_type=c.cell_type, locked=bool(c.locked), checksum=c.checksum,
                   source=c.source, points=points.get(c.name), solution=c.name in solutions)
        for c in nb.source_cells
    ]


def find_students(coursedir, assignment, patterns=None):
    """Student ids with a folder ``submitted/<student>/<assignment>/``, sorted."""
    pattern = coursedir.format_path(coursedir.submitted_directory, "*", glob.escape(assignment))
    regexp = coursedir.format_path(coursedir.submitted_directory, "(?P<student_id>[^/]+)",
                                   re.escape(assignment), escape=True)
    students = []
    for path in glob.glob(pattern):
        match = re.fullmatch(regexp, path)
        if match and os.path.isdir(path):
            students.append(match.group("student_id"))
    if patterns:
        students = [s for s in students if any(fnmatch.fnmatchcase(s, p) for p in patterns)]
    return sorted(students)


# --------------------------------------------------------------------------------------------
# Checking and repairing one submission (before nbgrader)
# --------------------------------------------------------------------------------------------
def _grade_id(cell):
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta.get("grade_id") if isinstance(meta, dict) else None


def _first_heading(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()[:80]
    return ""


def _release_source(cell):
    """The source of a locked cell as students received it (hidden tests removed)."""
    from nbformat.v4 import new_code_cell
    from nbgrader.preprocessors import ClearHiddenTests

    node = new_code_cell(cell.source)
    try:
        ClearHiddenTests(enforce_metadata=False)._remove_hidden_test_region(node)
    except RuntimeError:
        return cell.source
    return node.source


def _normalize(source):
    return "\n".join(line.rstrip() for line in source.replace("\r\n", "\n").strip().split("\n"))


def _restored_cell(source_cell):
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_raw_cell

    make = {"code": new_code_cell, "markdown": new_markdown_cell}.get(source_cell.cell_type, new_raw_cell)
    cell = make(source_cell.source)
    meta = {"grade": source_cell.points is not None, "grade_id": source_cell.name,
            "locked": True, "schema_version": 3, "solution": source_cell.solution, "task": False,
            "checksum": source_cell.checksum}
    if source_cell.points is not None:
        meta["points"] = source_cell.points
    cell.metadata = {"deletable": False, "editable": False, "nbgrader": meta}
    cell["id"] = re.sub(r"[^A-Za-z0-9_-]", "-", f"restored-{source_cell.name}")[:64]
    return cell


def _repair_cell_ids(nb):
    """Make cell ids valid and unique (nbformat >= 4.5); returns how many were changed."""
    if (nb.nbformat, nb.nbformat_minor) < (4, 5):
        return 0
    seen, changed = set(), 0
    for index, cell in enumerate(nb.cells):
        cid = cell.get("id")
        if isinstance(cid, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", cid) and cid not in seen:
            seen.add(cid)
            continue
        base = re.sub(r"[^A-Za-z0-9_-]", "-", cid if isinstance(cid, str) else "cell")[:50] or "cell"
        new, n = f"{base}-{index}", 0
        while new in seen:
            n += 1
            new = f"{base}-{index}-{n}"
        cell["id"] = new
        seen.add(new)
        changed += 1
    return changed


def _out_of_order(ranks, names):
    """Names not in the longest increasing run of ``ranks`` (the cells that were moved)."""
    best = [1] * len(ranks)
    prev = [-1] * len(ranks)
    for i in range(len(ranks)):
        for j in range(i):
            if ranks[j] < ranks[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    keep, i = set(), max(range(len(ranks)), key=best.__getitem__) if ranks else -1
    while i >= 0:
        keep.add(i)
        i = prev[i]
    return [name for index, name in enumerate(names) if index not in keep]


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
        return None, f"file too large ({size / 1e6:.0f} MB; the limit is {max_bytes / 1e6:.0f} MB)", []
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
            return None, f"not valid JSON: the file stops in the middle, after {lines} lines (truncated?)", []
        return None, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno} (corrupted?)", []
    if not (isinstance(raw, dict) and "nbformat" in raw and ("cells" in raw or "worksheets" in raw)):
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
            if cell.get("cell_type") not in ("code", "markdown", "raw") or not isinstance(cell.get("source"), str):
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


def _owner_of(ids, course, config, assignment):
    """Which other assignment the grade ids belong to (by the solution/release notebooks)."""
    import nbformat

    cd = course_directory(config)
    best, best_count = None, 0
    candidates = {}
    for step in (cd.source_directory, cd.release_directory):
        pattern = cd.format_path(step, ".", "*")
        for folder in sorted(glob.glob(pattern)):
            other = os.path.basename(os.path.normpath(folder))
            if other == assignment:
                continue
            for path in sorted(glob.glob(os.path.join(folder, "*.ipynb"))):
                try:
                    nb = nbformat.read(path, as_version=4)
                except Exception:
                    continue
                candidates.setdefault(other, set()).update(filter(None, map(_grade_id, nb.cells)))
    for other, other_ids in sorted(candidates.items()):
        count = len(ids & other_ids)
        if count > best_count:
            best, best_count = other, count
    return best, best_count


def prepare_submission(path, assignment, cells, release_ids=None, identify=None):
    """Check a submitted notebook and repair what nbgrader would get wrong.

    - unreadable files (empty, invalid JSON, not a notebook): ungradable, with the reason;
    - none of the assignment's tracked cells (another lesson, a new notebook): ungradable;
    - invalid or duplicated cell ids: made unique;
    - a tracked cell (grade id) more than once: the last copy is tracked (nbgrader's rule), the
      others run as ordinary code; cells tracked by another assignment run as ordinary code;
    - deleted locked (check) cells: put back from the gradebook after the cell before them
      (nbgrader would leave them out silently for manual grading);
    - tracked cells out of order: each check cell goes back right after the cell that precedes
      it in the original (its exercise cell, wherever the student put it, or the check before
      it); exercise and untracked cells stay where they are;
    - edited locked cells: noted (nbgrader restores them from the gradebook).

    Args:
        path: the submitted ``.ipynb``.
        assignment: the assignment id (for messages).
        cells: the assignment's :class:`SourceCell` list, in notebook order.
        release_ids: ids of the released notebook's cells, to count the cells a student added.
        identify: ``f(foreign_grade_ids) -> (assignment, count)`` naming the other assignment.

    Returns:
        Prepared
    """
    nb, reason, notes = read_notebook_file(path)
    if nb is None:
        return Prepared(reason=reason)
    known = {c.name: c for c in cells}
    order = {c.name: i for i, c in enumerate(cells)}

    ids = [_grade_id(cell) for cell in nb.cells]
    present = {i for i in ids if i in known}
    foreign = {i for i in ids if i and i not in known}
    if not present:
        owner, count = identify(foreign) if (identify and foreign) else (None, 0)
        if owner:
            return Prepared(reason=f"a notebook of {owner} ({count} of its exercise/check cells), "
                                   f"not of {assignment}")
        title = _first_heading(nb)
        titled = f"; its title: '{title}'" if title else ""
        return Prepared(reason=f"not a notebook of {assignment}: none of its {len(cells)} "
                               f"exercise/check cells are in it{titled}")

    changed = _repair_cell_ids(nb)
    if changed and not notes:
        notes.append(f"{changed} missing or duplicated cell ids made unique")

    # Duplicated and foreign grade ids: only the last copy of a known id stays tracked.
    last = {}
    for index, gid in enumerate(ids):
        if gid:
            last[gid] = index
    duplicated = sorted({gid for index, gid in enumerate(ids) if gid in known and last[gid] != index})
    for index, gid in enumerate(ids):
        if gid and (gid not in known or last[gid] != index):
            del nb.cells[index].metadata["nbgrader"]
    if duplicated:
        notes.append(f"duplicated cells {', '.join(duplicated)}: the last copy of each is graded")
    if foreign:
        notes.append(f"{len(foreign)} cells from another notebook run as ordinary code")

    # Edited locked cells (nbgrader puts the original source back; we say so). The nbgrader
    # flags of every tracked cell are reset to the gradebook's: a solution cell marked as a
    # graded cell would make nbgrader fail, a check cell marked unlocked would keep its edits.
    edited, flags = [], []
    for cell in nb.cells:
        gid = _grade_id(cell)
        source = known.get(gid)
        if source is None:
            continue
        meta = cell.metadata["nbgrader"]
        wanted = {"grade": source.points is not None, "solution": source.solution,
                  "locked": source.locked, "task": False}
        points_changed = source.points is not None and meta.get("points") not in (source.points, int(source.points))
        if any(bool(meta.get(k)) != v for k, v in wanted.items()) or points_changed:
            (edited if source.locked else flags).append(gid)
        meta.update(wanted)
        if source.points is not None:
            meta["points"] = source.points
        else:
            meta.pop("points", None)
        if source.locked and gid not in edited and (
                cell.cell_type != source.cell_type
                or _normalize(cell.source) not in (_normalize(_release_source(source)), _normalize(source.source))):
            edited.append(gid)
    if edited:
        notes.append(f"edited check cells restored to the original: {', '.join(edited)}")
    if flags:
        notes.append(f"nbgrader settings of exercise cells restored: {', '.join(flags)}")

    # Cells out of order: the student's exercise cells stay where they are; every check cell is
    # put back right after the cell that precedes it in the original (its exercise cell or the
    # check before it), and so are deleted check cells, from the gradebook. Untracked cells
    # stay where they are.
    tracked = [gid for gid in map(_grade_id, nb.cells) if gid]
    ranks = [order[g] for g in tracked]
    moved = _out_of_order(ranks, tracked) if ranks != sorted(ranks) else []
    pulled = {}
    if moved:
        pulled = {_grade_id(c): c for c in nb.cells if _grade_id(c) and known[_grade_id(c)].locked}
        nb.cells = [c for c in nb.cells if _grade_id(c) not in pulled]
    missing = [c for c in cells if c.name not in present]
    restored = [c for c in missing if c.locked]
    for gid in sorted([*pulled, *(c.name for c in restored)], key=order.get):
        positions = {_grade_id(c): i for i, c in enumerate(nb.cells) if _grade_id(c)}
        before = [positions[c.name] for c in cells[:order[gid]] if c.name in positions]
        after = [positions[c.name] for c in cells[order[gid] + 1:] if c.name in positions]
        at = max(before) + 1 if before else (min(after) if after else len(nb.cells))
        nb.cells.insert(at, pulled[gid] if gid in pulled else _restored_cell(known[gid]))
    if moved:
        notes.append(f"cells out of order ({', '.join(moved)}): check cells put back after what they check")
    if restored:
        notes.append(f"deleted check cells restored from the gradebook: {', '.join(c.name for c in restored)}")
    lost = [c.name for c in missing if not c.locked]
    if lost:
        notes.append(f"exercise cells deleted (their functions may be missing): {', '.join(lost)}")

    if release_ids is not None:
        extra = sum(1 for cell in nb.cells if not _grade_id(cell) and cell.get("id") not in release_ids)
        if extra > 0:
            notes.append(f"{extra} cells added by the student (run as ordinary code)")
    return Prepared(nb=nb, notes=notes)


# --------------------------------------------------------------------------------------------
# One student (the worker)
# --------------------------------------------------------------------------------------------
class _ListHandler(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def _logger(name):
    logger = logging.getLogger(f"helpers.grade_cli.{name}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    handler = _ListHandler()
    logger.addHandler(handler)
    return logger, handler


def _guarded_preprocessors(config):
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    if "autograde_preprocessors" in config.get("Autograde", {}):
        pps = list(config.Autograde.autograde_preprocessors)
    else:
        pps = list(Autograde.class_traits()["autograde_preprocessors"].default())
    names = [p if isinstance(p, str) else f"{p.__module__}.{p.__name__}" for p in pps]
    if GUARDED_EXECUTE in names:
        return pps
    return [GUARDED_EXECUTE if (p is Execute or str(p).endswith(".Execute")) else p for p in pps]


def grading_config(job, scratch):
    """The course config with nbgrader pointed at the job's scratch folder and snapshot."""
    from traitlets.config import Config

    base = load_config(job.course)
    cd = course_directory(base)
    config = copy.deepcopy(base)
    over = Config()
    over.CourseDirectory.root = str(scratch)
    over.CourseDirectory.source_directory = os.path.join(cd.root, cd.source_directory)
    over.CourseDirectory.release_directory = os.path.join(cd.root, cd.release_directory)
    over.CourseDirectory.submitted_directory = "submitted"
    over.CourseDirectory.autograded_directory = "autograded"
    over.CourseDirectory.feedback_directory = "feedback"
    over.CourseDirectory.db_url = f"sqlite:///{job.db_snapshot}"
    over.CourseDirectory.assignment_id = job.assignment
    over.CourseDirectory.student_id = glob.escape(job.student)
    over.BaseConverter.force = True
    over.Autograde.autograde_preprocessors = _guarded_preprocessors(base)
    if job.timeout is not None:
        over.Execute.timeout = int(job.timeout)
    if job.memory_mb is not None:
        over.GuardedExecute.memory_limit_mb = int(job.memory_mb)
    over.GuardedExecute.kernel_log = str(Path(scratch) / "kernel.log")
    config.merge(over)
    return config


def _run_converter(kind, config, logger, handler):
    """Run nbgrader's Autograde or GenerateFeedback in-process; returns an error text or ''."""
    from nbgrader.converters import Autograde, GenerateFeedback, NbGraderException

    base = {"autograde": Autograde, "feedback": GenerateFeedback}[kind]

    class Converter(base):
        failure = None

        def convert_single_notebook(self, notebook_filename):
            try:
                super().convert_single_notebook(notebook_filename)
            except Exception as exc:
                self.failure = exc
                raise

    Converter.__name__ = base.__name__
    converter = Converter(coursedir=course_directory(config), config=config, log=logger)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            converter.start()
        return ""
    except NbGraderException:
        pass
    if converter.failure is not None:
        exc = converter.failure
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return f"{type(exc).__name__}: {text}"[:300]
    errors = [r.getMessage().strip().splitlines()[0] for r in handler.records
              if r.levelno >= logging.ERROR and r.getMessage().strip()]
    informative = [e for e in errors if "Please see" not in e and "There was an error" not in e]
    return ((informative or errors or ["nbgrader failed"])[-1])[:300]


def _describe_cells(names, limit=4):
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def scan_autograded(nb):
    """What the grader did to a notebook while running it, from its outputs.

    Returns:
        dict with lists of cell names: ``timeout``, ``memory``, ``truncated``, ``died``,
        ``unstoppable``, ``not_run``; and ``why``: ``{cell name: message}`` for the cell in
        which the kernel stopped.
    """
    from helpers.grading import KERNEL_DIED, NOT_RUN, TRUNCATED, UNSTOPPABLE

    found = {k: [] for k in ("timeout", "memory", "truncated", "died", "unstoppable", "not_run")}
    found["why"] = {}  # cell name -> message of a DeadKernelError / UnstoppableCellError
    for index, cell in enumerate(nb.cells):
        name = _grade_id(cell)
        if not name:
            first = next((l.strip() for l in cell.source.splitlines() if l.strip()), "")
            name = f"cell {index + 1}" + (f" `{first[:40]}`" if first else "")
        kinds = set()
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                ename = out.get("ename", "")
                if ename in (KERNEL_DIED, UNSTOPPABLE):
                    found["why"][name] = out.get("evalue", "")
                kinds.add({"CellTimeoutError": "timeout", KERNEL_DIED: "died", UNSTOPPABLE: "unstoppable",
                           NOT_RUN: "not_run", "MemoryError": "memory",
                           "ResourceExhaustedError": "memory"}.get(ename, ""))
            elif kind == "stream":
                text = out.get("text", "")
                if TRUNCATED in text or "... Output truncated ..." in text:
                    kinds.add("truncated")
        for kind in sorted(kinds - {""}):
            found[kind].append(name)
    return found


def _kernel_log_tail(scratch):
    log = Path(scratch) / "kernel.log"
    if not log.exists():
        return ""
    lines = [l.strip() for l in log.read_text(errors="replace").splitlines()]
    crash = [l for l in lines if re.search(r"Fatal Python error|Segmentation fault|Aborted|MemoryError|"
                                           r"terminate called|bad_alloc", l)]
    return crash[0][:160] if crash else ""


def grade_one(job):
    """Grade ONE student's submission; touches only ``job.scratch`` and ``job.db_snapshot``.

    Returns:
        GradeResult: the status, reason, scores and the scratch folders holding the autograded
        notebook and the feedback, for :class:`GradebookWriter`.
    """
    import nbformat
    from nbgrader.api import Gradebook

    started = time.monotonic()
    scratch = Path(job.scratch)
    config = load_config(job.course)
    cd = course_directory(config)

    def done(result):
        result.seconds = time.monotonic() - started
        return result

    with Gradebook(f"sqlite:///{job.db_snapshot}", cd.course_id) as gb:
        notebook = _notebook_name(gb, job.assignment)
        cells = assignment_cells(gb, job.assignment, notebook)
        max_score = float(gb.find_assignment(job.assignment).max_score)

    release = Path(cd.format_path(cd.release_directory, ".", job.assignment)) / f"{notebook}.ipynb"
    release_ids = None
    if release.exists():
        release_ids = {cell.get("id") for cell in nbformat.read(release, as_version=4).cells}
    submitted = Path(cd.format_path(cd.submitted_directory, job.student, job.assignment))
    prepared = prepare_submission(
        submitted / f"{notebook}.ipynb", job.assignment, cells, release_ids,
        identify=lambda ids: _owner_of(ids, job.course, config, job.assignment))
    if prepared.reason:
        return done(GradeResult(student=job.student, status=UNGRADABLE, reason=prepared.reason,
                                max_score=max_score))

    # Stage the repaired submission (plus the student's other files) for nbgrader.
    staged = scratch / "submitted" / job.student / job.assignment
    staged.mkdir(parents=True)
    for item in submitted.iterdir():
        if item.suffix == ".ipynb" or item.name == ".ipynb_checkpoints":
            continue
        if item.is_file():
            shutil.copy2(item, staged / item.name)
        elif item.is_dir():
            shutil.copytree(item, staged / item.name)
    nbformat.write(prepared.nb, staged / f"{notebook}.ipynb")

    config = grading_config(job, scratch)
    logger, handler = _logger("autograde")
    failure = _run_converter("autograde", config, logger, handler)
    autograded = scratch / "autograded" / job.student / job.assignment
    graded_nb = autograded / f"{notebook}.ipynb"
    if failure or not graded_nb.exists():
        return done(GradeResult(student=job.student, status=UNGRADABLE, max_score=max_score,
                                reason=f"nbgrader could not grade it: {failure or 'no autograded notebook'}"))

    found = scan_autograded(nbformat.read(graded_nb, as_version=4))
    timeout = config.Execute.get("timeout", 30)
    notes = list(prepared.notes)
    fatal = ""
    if found["died"]:
        crash = _kernel_log_tail(scratch)
        name = found["died"][0]
        fatal = f"{name}: {found['why'].get(name) or 'the kernel died'}" + (f" [{crash}]" if crash else "")
    elif found["unstoppable"]:
        fatal = f"{found['unstoppable'][0]} ran past the {timeout} s timeout and ignored the interrupt"
    if fatal and found["not_run"]:
        fatal += f"; {len(found['not_run'])} later checks did not run ({_describe_cells(found['not_run'])})"
    if found["timeout"]:
        notes.append(f"stopped after the {timeout} s per-cell timeout: {_describe_cells(found['timeout'])}")
    if found["memory"]:
        notes.append(f"hit the kernel memory cap: {_describe_cells(found['memory'])}")
    if found["truncated"]:
        notes.append(f"output cut to a bounded size: {_describe_cells(found['truncated'])}")

    affected = set(found["died"] + found["unstoppable"] + found["not_run"])
    with Gradebook(f"sqlite:///{job.db_snapshot}", cd.course_id) as gb:
        submission = gb.find_submission(job.assignment, job.student)
        nbsub = gb.find_submission_notebook(notebook, job.assignment, job.student)
        for grade in nbsub.grades:
            if grade.name in affected:
                grade.needs_manual_grade = True
        gb.db.commit()
        grades = {g.name: (g.auto_score, bool(g.needs_manual_grade)) for g in nbsub.grades}
        manual = sorted(g.name for g in nbsub.grades if g.needs_manual_grade and g.name not in affected)
        failed = sorted(g.name for g in nbsub.grades if g.max_score and (g.score or 0) < g.max_score)
        result = GradeResult(
            student=job.student, status=GRADED, score=float(nbsub.score), max_score=float(nbsub.max_score),
            failed=failed, grades=grades, comments={c.name: c.auto_comment for c in nbsub.comments},
            timestamp=submission.timestamp, late_penalty=nbsub.late_submission_penalty,
            autograded_dir=str(autograded))
    if fatal:
        result.status = MANUAL
        notes.insert(0, fatal)
    elif manual:
        result.status = MANUAL
        notes.insert(0, f"needs a grade by hand: {_describe_cells(manual)}")
    if job.feedback:
        logger, handler = _logger("feedback")
        problem = _run_converter("feedback", config, logger, handler)
        feedback = scratch / "feedback" / job.student / job.assignment
        if problem or not feedback.exists():
            notes.append(f"no feedback page: {problem or 'nbgrader wrote none'}")
        else:
            result.feedback_dir = str(feedback)
    result.reason = "; ".join(notes)
    return done(result)


# --------------------------------------------------------------------------------------------
# The single writer
# --------------------------------------------------------------------------------------------
_UNGRADABLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{assignment}: not graded</title></head>
<body>
<h1>{assignment}: your submission could not be graded</h1>
<p><strong>Reason:</strong> {reason}</p>
<p>Submit the notebook of this assignment again (File &rarr; Save, then upload the
<code>.ipynb</code> file), or ask your instructor.</p>
</body></html>
"""


def _replace_dir(source, target):
    target = Path(target)
    if target.exists():
        for path in [target, *target.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(target)
    if source:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(source), str(target))


class GradebookWriter:
    """Applies :class:`GradeResult` records to the course: gradebook, autograded/, feedback/.

    The only code that writes there; call it from one process.
    """

    def __init__(self, config, assignment):
        from nbgrader.api import Gradebook

        self.cd = course_directory(config)
        self.assignment = assignment
        self.db_url = self.cd.db_url
        with Gradebook(self.db_url, self.cd.course_id) as gb:
            self.notebook = _notebook_name(gb, assignment)

    def write(self, result):
        """Store one result; fills in ``result.score``/``max_score`` as the gradebook has them."""
        from nbgrader.api import Gradebook

        with Gradebook(self.db_url, self.cd.course_id) as gb, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbgrader's SQLAlchemy "not in session" notices
            gb.update_or_create_student(result.student)
            extra = {"timestamp": result.timestamp} if result.timestamp is not None else {}
            gb.update_or_create_submission(self.assignment, result.student, **extra)
            nbsub = gb.find_submission_notebook(self.notebook, self.assignment, result.student)
            for grade in nbsub.grades:
                auto_score, needs_manual = result.grades.get(grade.name, (None, True))
                grade.auto_score = auto_score
                grade.needs_manual_grade = bool(needs_manual or auto_score is None)
            for comment in nbsub.comments:
                comment.auto_comment = result.comments.get(comment.name)
            nbsub.late_submission_penalty = result.late_penalty
            gb.db.commit()
            if result.status != UNGRADABLE:
                result.score = float(nbsub.score)
            result.max_score = float(nbsub.max_score)
        autograded = self.cd.format_path(self.cd.autograded_directory, result.student, self.assignment)
        feedback = self.cd.format_path(self.cd.feedback_directory, result.student, self.assignment)
        _replace_dir(result.autograded_dir, autograded)
        if result.status == UNGRADABLE:
            _replace_dir(None, feedback)
            Path(feedback).mkdir(parents=True)
            page = _UNGRADABLE_PAGE.format(assignment=html.escape(self.assignment),
                                           reason=html.escape(result.reason))
            (Path(feedback) / f"{self.notebook}.html").write_text(page, encoding="utf-8")
        elif result.feedback_dir:
            _replace_dir(result.feedback_dir, feedback)
        return result


# --------------------------------------------------------------------------------------------
# The whole assignment
# --------------------------------------------------------------------------------------------
def _fmt_score(value):
    return "" if value is None else f"{value:g}"


def _elapsed(seconds):
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def write_csv(results, path):
    """One row per student: status, score, max score, checks that lost points, reason."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in sorted(results, key=lambda r: r.student):
        writer.writerow({"student_id": r.student, "status": r.status, "score": _fmt_score(r.score),
                         "max_score": _fmt_score(r.max_score), "failed_checks": ";".join(r.failed),
                         "reason": r.reason})
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def format_table(results):
    """The per-student table printed at the end."""
    rows = [("student", "status", "score", "reason")]
    for r in sorted(results, key=lambda r: r.student):
        score = f"{_fmt_score(r.score)}/{_fmt_score(r.max_score)}" if r.score is not None else "-"
        rows.append((r.student, r.status, score, r.reason or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
        if index == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 6)
    return "\n".join(lines)


def grade_assignment(course, assignment, students=None, timeout=None, memory_mb=None,
                     feedback=True, csv_path=None, out=None):
    """Grade every submission of ``assignment`` in ``course``, one after the other.

    Returns:
        tuple: ``(results, csv_path)``; ``results`` is a list of :class:`GradeResult`.

    Raises:
        GradingSetupError: when grading cannot start.
    """
    out = out or sys.stdout
    course = Path(course).resolve()
    config = load_config(course)
    _sqlite_path(course_directory(config).db_url)  # serial grading copies the SQLite file
    cd = check_gradebook(config, assignment)
    writer = GradebookWriter(config, assignment)
    names = find_students(cd, assignment, students)
    if not names:
        raise GradingSetupError(
            f"no submissions: expected folders {cd.format_path(cd.submitted_directory, '<student>', assignment)}")
    csv_path = Path(csv_path) if csv_path else course / "grades" / f"{assignment}.csv"
    print(f"Grading {assignment}: {len(names)} submissions", file=out, flush=True)
    started = time.monotonic()
    results = []
    with tempfile.TemporaryDirectory(prefix=f"grade-{assignment[:20]}-") as tmp:
        for index, student in enumerate(names, 1):
            scratch = Path(tmp) / f"{index:05d}"
            scratch.mkdir()
            job = GradeJob(course=str(course), assignment=assignment, student=student,
                           db_snapshot=snapshot_gradebook(cd.db_url, scratch / "gradebook.db"),
                           scratch=str(scratch / "work"), timeout=timeout, memory_mb=memory_mb,
                           feedback=feedback)
            Path(job.scratch).mkdir()
            if getattr(out, "isatty", lambda: False)():
                print(f"[{index}/{len(names)}] {student} ...", end="\r", file=out, flush=True)
            try:
                result = grade_one(job)
            except Exception as exc:  # a bug or an environment problem: report it, go on
                result = GradeResult(student=student, status=UNGRADABLE,
                                     reason=f"grader error: {type(exc).__name__}: {exc}"[:300])
            writer.write(result)
            shutil.rmtree(scratch, ignore_errors=True)
            results.append(result)
            score = f"{_fmt_score(result.score)}/{_fmt_score(result.max_score)}" if result.score is not None else "-"
            print(f"[{index:>{len(str(len(names)))}}/{len(names)}] {student}: {result.status} {score} "
                  f"({result.seconds:.1f} s; elapsed {_elapsed(time.monotonic() - started)})",
                  file=out, flush=True)
    return finish_report(results, csv_path, started, cd, assignment, out)


def finish_report(results, csv_path, started, coursedir, assignment, out, show_rate=False):
    """Write the CSV, print the per-student table and the closing summary.

    Args:
        results: the GradeResult records, in report order.
        csv_path: where the CSV goes.
        started: ``time.monotonic()`` when grading started.
        coursedir: nbgrader's CourseDirectory (to name the feedback folder).
        assignment: the assignment id.
        out: the stream to print to.
        show_rate: also print submissions per minute.

    Returns:
        tuple: ``(results, csv_path)``.
    """
    write_csv(results, csv_path)
    counts = {s: sum(r.status == s for r in results) for s in (GRADED, MANUAL, UNGRADABLE)}
    elapsed = time.monotonic() - started
    rate = f" ({len(results) / max(elapsed, 1e-9) * 60:.1f}/min)" if show_rate else ""
    print("\n" + format_table(results), file=out)
    print(f"\n{len(results)} submissions in {_elapsed(elapsed)}{rate}: "
          f"{counts[GRADED]} graded, {counts[MANUAL]} need a manual grade, "
          f"{counts[UNGRADABLE]} ungradable", file=out)
    feedback = coursedir.format_path(coursedir.feedback_directory, "<student>", assignment)
    print(f"Grades: {csv_path}   Feedback: {feedback}", file=out, flush=True)
    return results, csv_path


def cli_parser(prog, description):
    """The options every grading command shares (assignment, --course, --student, --timeout,
    --memory-mb, --csv, --no-feedback); callers add their own.

    Args:
        prog: the program name shown in the usage line.
        description: one line on what the command does.

    Returns:
        argparse.ArgumentParser
    """
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("assignment", help="assignment id, e.g. 01_input_layer_vs_features")
    parser.add_argument("--course", default=".", help="course root (default: the current folder)")
    parser.add_argument("--student", action="append", metavar="GLOB",
                        help="grade only these students (repeatable; shell-style patterns)")
    parser.add_argument("--timeout", type=int, metavar="S",
                        help="per-cell timeout in seconds (default: Execute.timeout in nbgrader_config.py)")
    parser.add_argument("--memory-mb", type=int, metavar="N",
                        help="memory cap of the grading kernel in MiB, 0 = none "
                             "(default: GuardedExecute.memory_limit_mb in nbgrader_config.py)")
    parser.add_argument("--csv", metavar="PATH", help="where to write the grades (default: grades/<id>.csv)")
    parser.add_argument("--no-feedback", action="store_true", help="do not write feedback pages")
    return parser


def run_cli(grade, args, **options):
    """Run a grading function with the shared options; return the command's exit code.

    Args:
        grade: ``grade_assignment`` or a function with the same signature and return value.
        args: the parsed ``cli_parser`` arguments.
        **options: further keyword arguments for ``grade``.

    Returns:
        int: 0 when every submission has a score, 1 when one is ungradable, 2 when grading
        could not start.
    """
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    try:
        results, _ = grade(args.course, args.assignment, students=args.student,
                           timeout=args.timeout, memory_mb=args.memory_mb,
                           feedback=not args.no_feedback, csv_path=args.csv, **options)
    except GradingSetupError as exc:
        print(f"grade: {exc}", file=sys.stderr)
        return 2
    return 1 if any(r.status == UNGRADABLE for r in results) else 0


def main(argv=None):
    parser = cli_parser("python -m helpers.grade_cli",
                        "Autograde every submission of one assignment; report, CSV, feedback.")
    return run_cli(grade_assignment, parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
