"""No leaks: notebooks/ and the student bundle (`make bundle`) hold no solution code and no
hidden tests, and the bundle holds what a student needs and nothing else."""

import functools
import json
import re
import subprocess
import sys
import textwrap
import zipfile

import pytest

from tests.support import REPO, assignment_ids, hidden_test_lines, public_lines, solution_regions

from grader import bundle

MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
RELEASED = sorted(p.name for p in (REPO / "notebooks").iterdir() if p.is_dir())
#: what a student bundle may contain (paths inside its top folder)
ALLOWED = [
    r"README\.md",
    r"pyproject\.toml",
    r"environment\.yml",
    r"LICENSE",
    r"LICENSE-CONTENT\.md",
    r"setup_lab\.py",
    r"docs/glossary\.md",
    r"notebooks/\d\d_[a-z0-9_]+/[^/].*",
    # helpers/, module by module: a new module goes here only if students need it
    r"helpers/(__init__|blank|checks|data|grading|probes|repro|shapes|timing|worked)\.py",
    r"helpers/plots/(__init__|charts|display|schematics|style|windows)\.py",
    r"helpers/reference/(__init__|lesson\d\d)\.py",
    r"helpers/datasets/[A-Za-z0-9_]+\.(csv|md)",
]


@functools.lru_cache(maxsize=None)
def _secret_lines(assignment):
    """Hidden-test lines of a lesson that appear nowhere else in it (``except ValueError:``
    can be in a hidden test and in the lesson's text alike: that is no leak)."""
    public = public_lines(assignment)
    return [line for line in hidden_test_lines(assignment) if line not in public]


def _leaks(text, assignment, min_line=12):
    """Solution regions, hidden-test lines (of ``min_line`` characters or more) and nbgrader
    markers found in ``text``."""
    found = [m for m in MARKERS if m in text]
    flat = "\n".join(textwrap.dedent(line) for line in text.split("\n"))
    found += [
        f"solution region {region[:60]!r}"
        for region in solution_regions(assignment)
        if region and (region in text or region in flat)
    ]
    found += [
        f"hidden test line {line!r}"
        for line in _secret_lines(assignment)
        if len(line) >= min_line and line in text
    ]
    return found


def _notebook_text(raw):
    """A notebook's JSON and, decoded, its cell sources (where solution code would be)."""
    import json

    try:
        nb = json.loads(raw)
        sources = [
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"]
        ]
        return raw + "\n" + "\n".join(sources)
    except (ValueError, KeyError, TypeError):
        return raw


@pytest.fixture(scope="module")
def student_zip(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle") / "student.zip"
    proc = subprocess.run(
        [sys.executable, "-m", "grader", "bundle", "--output", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("assignment", [a for a in assignment_ids() if a in RELEASED])
def test_notebooks_folder_has_no_solutions_or_hidden_tests(assignment):
    for path in sorted((REPO / "notebooks" / assignment).rglob("*")):
        if path.is_file() and path.suffix in (".ipynb", ".py", ".md", ".txt", ".json", ".csv"):
            leaks = _leaks(_notebook_text(path.read_text(errors="replace")), assignment)
            assert leaks == [], f"{path.relative_to(REPO)} leaks {leaks[:3]}"


def test_bundle_has_no_solutions_or_hidden_tests(student_zip):
    with zipfile.ZipFile(student_zip) as zf:
        for name in zf.namelist():
            text = _notebook_text(zf.read(name).decode("utf-8", errors="replace"))
            lesson = re.match(r"shapes-and-batches/notebooks/([^/]+)/", name)
            for assignment in [lesson.group(1)] if lesson else assignment_ids():
                if assignment not in assignment_ids():
                    continue
                # outside a lesson's own notebook, short generic lines (`except ValueError:`)
                # are ordinary Python, not a leak
                leaks = _leaks(text, assignment, min_line=12 if lesson else 30)
                assert leaks == [], f"{name} in the bundle leaks {assignment}: {leaks[:3]}"


def test_bundle_holds_what_a_student_needs_and_nothing_else(student_zip):
    with zipfile.ZipFile(student_zip) as zf:
        names = zf.namelist()
        readme = zf.read("shapes-and-batches/README.md").decode()
    assert all(n.startswith("shapes-and-batches/") for n in names)
    inner = sorted(n[len("shapes-and-batches/") :] for n in names)
    stray = [n for n in inner if not any(re.fullmatch(p, n) for p in ALLOWED)]
    assert stray == [], f"not for students: {stray}"
    for needed in [
        "README.md",
        "pyproject.toml",
        "environment.yml",
        "helpers/__init__.py",
        "helpers/blank.py",
        "helpers/checks.py",
        "helpers/repro.py",
        "setup_lab.py",
        "docs/glossary.md",
    ]:
        assert needed in inner, f"the bundle misses {needed}"
    for assignment in RELEASED:
        assert f"notebooks/{assignment}/{assignment}.ipynb" in inner
    helpers_on_disk = sorted(
        p.relative_to(REPO).as_posix()
        for p in (REPO / "helpers").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    assert sorted(n for n in inner if n.startswith("helpers/")) == helpers_on_disk, (
        "helpers/ goes whole"
    )
    assert "pip install -e ." in readme and "Hand in" in readme
    assert "python setup_lab.py --student" in readme
    assert not any("solutions/" in n or "tests/" in n or n.endswith(".db") for n in inner)


def test_the_bundles_setup_lab_gives_a_student_lab_without_instructor_tools(student_zip, tmp_path):
    """Check that setup_lab.py, run from the unpacked bundle as the README says, writes the
    student's Lab settings into the environment it runs in (here: a stand-in prefix)."""
    with zipfile.ZipFile(student_zip) as zf:
        zf.extractall(tmp_path)
    folder, prefix = tmp_path / "shapes-and-batches", tmp_path / "venv"
    done = subprocess.run(
        [sys.executable, "-I", "setup_lab.py", "--student", "--prefix", str(prefix)],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    config = json.loads((prefix / "etc" / "jupyter" / "labconfig" / "page_config.json").read_text())
    assert (
        set(config["disabledExtensions"])
        == set(config["lockedExtensions"])
        >= {"@jupyter/nbgrader:formgrader"}
    )
    overrides = json.loads(
        (prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json").read_text()
    )
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert (
        "capture_fd_output = False"
        in (prefix / "etc" / "ipython" / "ipython_kernel_config.py").read_text()
    )
    lesson = next((folder / "notebooks").glob("*/*.ipynb"))
    assert (lesson.parent / "../../docs/glossary.md").resolve().is_file(), (
        "the lessons' glossary link"
    )


def test_bundle_is_the_same_bytes_when_built_twice(student_zip, tmp_path):
    again = bundle.build_bundle(root=REPO, output=tmp_path / "again.zip")
    assert again.read_bytes() == student_zip.read_bytes()


def test_bundle_of_one_lesson_and_of_a_missing_lesson(tmp_path):
    one = bundle.bundle_files(root=REPO, assignments=["01_input_layer_vs_features"])
    assert {n.split("/")[1] for n, _ in one if n.startswith("notebooks/")} == {
        "01_input_layer_vs_features"
    }
    with pytest.raises(FileNotFoundError, match="make release"):
        bundle.bundle_files(root=REPO, assignments=["99_no_such_lesson"])


def test_make_bundle_and_make_grade_targets_exist():
    for target in (["bundle"], ["grade", "ASSIGNMENT=01_input_layer_vs_features"]):
        proc = subprocess.run(["make", "-n", *target], cwd=REPO, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    proc = subprocess.run(
        ["make", "-n", "grade", "ASSIGNMENT=01_x"], cwd=REPO, capture_output=True, text=True
    )
    assert '-m grader grade "01_x"' in proc.stdout  # make grade: local worker processes by default
    assert (
        "-m grader bundle"
        in subprocess.run(["make", "-n", "bundle"], cwd=REPO, capture_output=True, text=True).stdout
    )


def test_leak_check_finds_a_planted_solution_and_hidden_line():
    assignment = "01_input_layer_vs_features"
    planted = "x = 1\n" + solution_regions(assignment)[0] + "\n" + _secret_lines(assignment)[0]
    found = _leaks(planted, assignment)
    assert any("solution region" in f for f in found) and any(
        "hidden test line" in f for f in found
    )


def test_an_instructor_module_under_helpers_would_fail_the_bundle_check():
    """The allowed list is the course's own, not computed from a rule the bundle also uses."""
    assert not any(re.fullmatch(p, "helpers/grader_tools.py") for p in ALLOWED)
    assert not any(re.fullmatch(p, "helpers/lms_export.py") for p in ALLOWED)
    assert any(re.fullmatch(p, "helpers/checks.py") for p in ALLOWED)
