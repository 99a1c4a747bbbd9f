"""Test support for the course: temporary course copies, submissions, autograding, scores.

The main entry points:

- :func:`grade_submissions` -- autograde several submissions of one assignment in one
  ``nbgrader autograde`` run inside a temporary copy of the course, and read every score back
  from the gradebook through nbgrader's API.
- :func:`grade_wrong_answer` -- one graded function replaced by a wrong definition in an
  otherwise correct submission: points and failed test cells.
- :func:`noise_in`, :func:`hidden_test_lines`, :func:`solution_regions` -- what a notebook or a
  page must not contain.

The standard grading tests of a lesson are :class:`tests.lessons.contract.GradingContract`.
"""

import dataclasses
import html
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat

from grader import markup
from grader.course import lesson_ids
from tests.lessons.wrong_answers import WrongAnswer

REPO = Path(__file__).resolve().parents[1]
SOLUTIONS = REPO / "solutions"
RELEASE = REPO / "notebooks"
COURSE_ID = "shapes-and-batches"
BIN = Path(sys.executable).parent

#: lines that TensorFlow / absl / CUDA stubs print when they are not silenced
NOISE_PATTERNS = [
    r"absl::InitializeLog",
    r"cudart_stub",
    r"cuda_(?:blas|dnn|fft|executor|diagnostics)",
    r"\bcuInit\b",
    r"oneDNN custom operations",
    r"port\.cc",
    r"TF-TRT Warning",
    r"^[IWEF]\d{4} \d\d:\d\d:\d\d",
    r"rebuild TensorFlow with the appropriate compiler flags",
    r"Matplotlib is building the font cache",
    r"^\S+\.py:\d+: \w*Warning",  # a Python warning as warnings.showwarning prints it
]
_NOISE = re.compile("|".join(NOISE_PATTERNS), re.MULTILINE)


def pip_entries(path):
    """The `- pip:` entries of a conda environment file (a tiny YAML subset; no YAML parser)."""
    entries, in_pip = [], False
    for line in Path(path).read_text().splitlines():
        stripped = line.strip()
        if stripped == "- pip:":
            in_pip = True
        elif in_pip and stripped.startswith("- "):
            entries.append(stripped[2:])
        elif in_pip and stripped and not stripped.startswith("#"):
            in_pip = False
    return entries


def normalize_requirement(requirement):
    """A requirement string without spaces, lower case, for comparing lists of them."""
    return re.sub(r"\s+", "", requirement).lower()


def assignment_ids():
    """The assignment ids: the course's lessons (:func:`grader.course.lesson_ids`)."""
    return lesson_ids(root=REPO)


def solution_path(assignment, solutions=None):
    """The solution notebook of an assignment (in ``solutions``, default: the course's)."""
    return Path(solutions or SOLUTIONS) / assignment / f"{assignment}.ipynb"


def release_path(assignment):
    return RELEASE / assignment / f"{assignment}.ipynb"


def nbgrader_cells(nb, kind):
    """Cells of a notebook by nbgrader role: ``"solution"``, ``"test"`` or ``"locked"``."""
    if kind == "locked":  # every locked cell, checks included
        return [cell for cell in nb.cells if markup.metadata(cell=cell).get("locked")]
    wanted = {"solution": markup.SOLUTION, "test": markup.CHECK}[kind]
    return [cell for cell in nb.cells if markup.role(cell=cell) == wanted]


def hermetic_env(home):
    """Environment for subprocesses: the venv's tools first, tool state inside ``home`` (created:
    IPython warns when the parent of its folder is missing)."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    for var, sub in [
        ("IPYTHONDIR", "ipython"),
        ("JUPYTER_CONFIG_DIR", "jupyter-config"),
        ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"),
        ("KERAS_HOME", "keras"),
    ]:
        env[var] = str(home / sub)
    env.pop("JUPYTER_PLATFORM_DIRS", None)
    return env


def run(cmd, cwd, env=None, check=True, timeout=1800):
    """Run a command; on failure raise with its output (so a test failure explains itself)."""
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(
            f"command failed ({proc.returncode}): {' '.join(map(str, cmd))}\n"
            f"--- stdout ---\n{proc.stdout[-4000:]}\n--- stderr ---\n{proc.stderr[-6000:]}"
        )
    return proc


def make_course(workdir, assignments=None, solutions=None):
    """Copy the course (config, solutions of the given assignments) into ``workdir``.

    ``solutions``: where the solution folders come from (default: the course's ``solutions/``;
    the grader's tests use the frozen fixture in ``tests/grader/fixtures/solutions``).

    Returns:
        Path: the course root (holds ``nbgrader_config.py``).
    """
    course = Path(workdir) / "course"
    course.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "nbgrader_config.py", course / "nbgrader_config.py")
    for assignment in assignments or assignment_ids():
        shutil.copytree(
            Path(solutions or SOLUTIONS) / assignment,
            course / "solutions" / assignment,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints"),
            dirs_exist_ok=True,
        )
    return course


def nbgrader(course, *args, check=True):
    """Run ``nbgrader <args>`` inside a course folder."""
    return run(
        [str(BIN / "nbgrader"), *args],
        cwd=course,
        env=hermetic_env(Path(course).parent / "home"),
        check=check,
    )


def generate_release(course, assignment):
    """``nbgrader generate_assignment`` in a course copy; returns the released notebook path."""
    nbgrader(course, "generate_assignment", assignment, "--force")
    return Path(course) / "notebooks" / assignment / f"{assignment}.ipynb"


def strip_solution_markers(source):
    """Solution cell source without its ``### BEGIN/END SOLUTION`` lines (what a student writes)."""
    return markup.strip_region_markers(source=source)


def _defined_functions(source):
    return markup.defined_functions(source=source)


def graded_functions(assignment):
    """Names of the functions the solution cells of a lesson define (the graded functions)."""
    nb = nbformat.read(solution_path(assignment), as_version=4)
    return [
        name for cell in nbgrader_cells(nb, "solution") for name in _defined_functions(cell.source)
    ]


def solution_function(assignment, grade_id, name, namespace):
    """The solution's graded function ``name``, defined from the cell ``grade_id`` (solution
    markers removed) in ``namespace`` (the modules it needs)."""
    nb = nbformat.read(solution_path(assignment), as_version=4)
    cell = next(c for c in nbgrader_cells(nb, "solution") if markup.grade_id(cell=c) == grade_id)
    namespace = dict(namespace)
    exec(strip_solution_markers(cell.source), namespace)
    return namespace[name]


def make_submission(assignment, release_nb_path, replacements=None, solutions=None):
    """A correct submission (release + solution code), with some functions replaced.

    Args:
        assignment: the assignment id.
        release_nb_path: the released notebook to start from.
        replacements: ``{function_name: source}``: the solution cell that defines
            ``function_name`` gets ``source`` instead.
        solutions: where the solution notebook is (default: the course's ``solutions/``).

    Returns:
        nbformat.NotebookNode
    """
    solution = nbformat.read(solution_path(assignment, solutions), as_version=4)
    by_id = {markup.grade_id(cell=c): c for c in nbgrader_cells(solution, "solution")}
    nb = nbformat.read(release_nb_path, as_version=4)
    replacements = dict(replacements or {})
    for cell in nbgrader_cells(nb, "solution"):
        source = strip_solution_markers(by_id[markup.grade_id(cell=cell)].source)
        for name in _defined_functions(source):
            if name in replacements:
                source = replacements.pop(name)
        cell.source = source
    if replacements:
        raise KeyError(f"no solution cell defines {sorted(replacements)} in {assignment}")
    return nb


@dataclasses.dataclass
class Result:
    """What the gradebook says about one submission."""

    student: str
    score: float
    max_score: float
    failed: list  # grade ids of test cells that lost points
    needs_manual_grade: bool
    autograded: Path  # the autograded notebook
    feedback: Path = None  # the feedback HTML (when generated)

    @property
    def full_marks(self):
        return self.score == self.max_score


def read_results(course, assignment):
    """Scores of every submission of ``assignment`` read through ``nbgrader.api.Gradebook``."""
    from nbgrader.api import Gradebook

    course = Path(course)
    results = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
        for sub in gb.assignment_submissions(assignment):
            student = sub.student.id
            nb = gb.find_submission_notebook(assignment, assignment, student)
            failed = sorted(g.name for g in nb.grades if (g.score or 0) < g.max_score)
            results[student] = Result(
                student=student,
                score=float(nb.score),
                max_score=float(nb.max_score),
                failed=failed,
                needs_manual_grade=bool(nb.needs_manual_grade),
                autograded=course / "autograded" / student / assignment / f"{assignment}.ipynb",
            )
    return results


def _student_id(name, index):
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40]
    return f"s{index:02d}-{slug}"


def grade_submissions(assignment, submissions, workdir, feedback=False):
    """Autograde submissions of one assignment in a temporary course copy.

    Args:
        assignment: the assignment id, e.g. ``"01_input_layer_vs_features"``.
        submissions: ``{name: spec}`` where spec is ``{}`` (the solution code), ``None`` (the
            untouched release), a :class:`WrongAnswer`, a ``{function: source}`` dict, or an
            ``nbformat`` notebook to submit as it is.
        workdir: an empty temporary folder.
        feedback: also run ``nbgrader generate_feedback``.

    Returns:
        dict: ``{name: Result}``.
    """
    course = make_course(workdir, [assignment])
    release = generate_release(course, assignment)
    names = {}
    for index, (name, spec) in enumerate(submissions.items()):
        student = _student_id(name, index)
        names[student] = name
        if spec is None:
            nb = nbformat.read(release, as_version=4)
        elif isinstance(spec, nbformat.NotebookNode):
            nb = spec
        else:
            replacements = spec.replacements if isinstance(spec, WrongAnswer) else spec
            nb = make_submission(assignment, release, replacements)
        target = course / "submitted" / student / assignment / f"{assignment}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(nb, target)
    nbgrader(course, "autograde", assignment, "--force")
    if feedback:
        nbgrader(course, "generate_feedback", assignment, "--force")
    by_student = read_results(course, assignment)
    missing = sorted(set(names) - set(by_student))
    if missing:
        raise AssertionError(f"not in the gradebook after autograde: {missing}")
    results = {}
    for student, name in names.items():
        result = by_student[student]
        if feedback:
            result.feedback = course / "feedback" / student / assignment / f"{assignment}.html"
        results[name] = result
    return results


def grade_wrong_answer(assignment, function, source, workdir):
    """Put ``source`` in place of ``function`` in an otherwise correct submission and grade it.

    Returns:
        Result: ``.score``, ``.max_score`` and ``.failed`` (grade ids of failed test cells).
    """
    return grade_submissions(assignment, {"wrong": {function: source}}, workdir)["wrong"]


def noise_in(nb):
    """Output texts of a notebook that are TensorFlow/C++ log lines, warnings or stderr."""
    found = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                text = out.get("text", "")
                if out.get("name") == "stderr" or _NOISE.search(text):
                    found.append(f"cell {index}: {out.get('name')}: {text[:200]!r}")
            elif out.get("output_type") in ("display_data", "execute_result"):
                text = out.get("data", {}).get("text/plain", "")
                if isinstance(text, list):
                    text = "".join(text)
                if _NOISE.search(text):
                    found.append(f"cell {index}: {text[:200]!r}")
    return found


def hidden_test_lines(assignment, solutions=None):
    """The non-trivial source lines inside ``### BEGIN/END HIDDEN TESTS`` of a solution."""
    nb = nbformat.read(solution_path(assignment, solutions), as_version=4)
    return [
        line.strip()
        for cell in nbgrader_cells(nb, "test")
        for line in markup.split_check(source=cell.source)[1].split("\n")
        if len(line.strip()) >= 12
    ]


def public_lines(assignment):
    """Every source line of a solution outside its hidden-test and solution regions, stripped
    (what a student may see: a hidden-test line that is also one of these is no leak).

    Returns:
        set of str
    """
    public = set()
    for cell in nbformat.read(solution_path(assignment), as_version=4).cells:
        source = markup.strip_regions(source=cell.source, region=markup.HIDDEN_TESTS)
        public.update(line.strip() for line in markup.strip_regions(source=source).split("\n"))
    return public


def solution_regions(assignment):
    """The code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` of each solution cell.

    Returns:
        list: one dedented string per region.
    """
    nb = nbformat.read(solution_path(assignment), as_version=4)
    return [
        textwrap.dedent("\n".join(body)).strip()
        for cell in nbgrader_cells(nb, "solution")
        for body in markup.region_bodies(source=cell.source)
    ]


def legend_texts(ax):
    """The labels of an Axes' legend, in order ([] when it has none)."""
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend else []


_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ALT = re.compile(r'\balt="([^"]*)"')


def figures(nb, *, demos_only=False):
    """The figures a notebook's stored outputs show.

    Args:
        nb: a notebook (nbformat).
        demos_only: only the outputs of cells that are neither exercises nor checks.

    Returns:
        list of ``(cell index, alt text or None)``: one per ``<img>`` in an HTML output and one
        per ``image/*`` output (alt from the output's metadata, None when it has none).
    """
    found = []
    for index, cell in enumerate(nb.cells):
        meta = markup.metadata(cell=cell)
        if cell.cell_type != "code" or (demos_only and (meta.get("grade") or meta.get("solution"))):
            continue
        for out in cell.get("outputs", []):
            data, metadata = out.get("data", {}), out.get("metadata", {})
            for tag in _IMG.findall(data.get("text/html", "")):
                alt = _ALT.search(tag)
                found.append((index, html.unescape(alt.group(1)) if alt else None))
            for mime in sorted(m for m in data if m.startswith("image/")):
                found.append((index, metadata.get(mime, {}).get("alt")))
    return found


def processes_with(marker):
    """How many processes on the machine have ``marker`` in their command line."""
    count = 0
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            count += marker.encode() in cmdline.read_bytes()
        except OSError:  # a process that ends while it is read
            pass
    return count


def all_ended(marker, *, within=15.0):
    """Whether every process with ``marker`` in its command line has ended within ``within``
    seconds (the processes of a killed namespace take a moment to be reaped)."""
    deadline = time.monotonic() + within
    while processes_with(marker):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True
