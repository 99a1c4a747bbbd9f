"""Check that notebooks/ is exactly what `make release` makes from solutions/, and is clean."""

import filecmp
import json
import re
import textwrap
from pathlib import Path

import nbformat
import pytest

from grader import markup
from tests.support import (
    REPO,
    assignment_ids,
    generate_release,
    make_course,
    nbgrader_cells,
    release_path,
    solution_path,
    solution_regions,
    hidden_test_lines,
)

ASSIGNMENTS = assignment_ids()


def _files(root):
    return sorted(p.relative_to(root).as_posix() for p in Path(root).rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def fresh_release(tmp_path_factory):
    """Every assignment released again into a temporary copy of the course."""
    course = make_course(tmp_path_factory.mktemp("release"))
    for assignment in ASSIGNMENTS:
        generate_release(course, assignment)
    return course / "notebooks"


def test_every_assignment_is_released():
    released = sorted(p.name for p in (REPO / "notebooks").iterdir() if p.is_dir())
    assert released == ASSIGNMENTS, (
        "notebooks/ and solutions/ hold different assignments: run `make release`"
    )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_is_in_sync(fresh_release, assignment):
    committed = REPO / "notebooks" / assignment
    fresh = fresh_release / assignment
    assert _files(committed) == _files(fresh), (
        f"notebooks/{assignment} holds other files than a fresh release: run `make release`"
    )
    for name in _files(fresh):
        assert filecmp.cmp(committed / name, fresh / name, shallow=False), (
            f"notebooks/{assignment}/{name} differs from what solutions/ generates: "
            "run `make release` and commit the result (never edit notebooks/ by hand)"
        )


@pytest.mark.parametrize(  # the pipeline's determinism: one lesson in make check, all in make test
    "assignment",
    [a if a == ASSIGNMENTS[0] else pytest.param(a, marks=pytest.mark.slow) for a in ASSIGNMENTS],
)
def test_release_is_byte_identical_run_to_run(fresh_release, tmp_path, assignment):
    course = make_course(tmp_path, [assignment])
    again = generate_release(course, assignment)
    assert again.read_bytes() == (fresh_release / assignment / again.name).read_bytes()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_carries_no_outputs_or_run_metadata(assignment):
    nb = nbformat.read(release_path(assignment), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {cell.id} has outputs"
            assert cell.execution_count is None, f"cell {cell.id} has an execution count"
        assert "execution" not in cell.metadata, f"cell {cell.id} carries timing metadata"
    raw = json.loads(release_path(assignment).read_text())
    assert "widgets" not in raw["metadata"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_carries_no_solution_code_or_hidden_tests(assignment):
    text = release_path(assignment).read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text, f"{marker} left in the release"
    nb = nbformat.read(release_path(assignment), as_version=4)
    sources = "\n".join(textwrap.dedent(c.source) for c in nb.cells)
    regions = solution_regions(assignment)
    assert regions, "no solution regions found in the solution notebook"
    for region in regions:
        assert region not in sources, f"a solution region is in the release:\n{region[:300]}"
    leaked = [line for line in hidden_test_lines(assignment) if line in sources]
    assert leaked == [], f"hidden-test lines in the release: {leaked[:3]}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_exercise_cells_are_the_solution_with_the_stub(assignment):
    """Outside the solution region, an exercise cell is released unchanged (signature, docstring)."""
    solution = {
        markup.grade_id(cell=c): c.source
        for c in nbgrader_cells(nbformat.read(solution_path(assignment), as_version=4), "solution")
    }
    release = nbformat.read(release_path(assignment), as_version=4)
    for cell in nbgrader_cells(release, "solution"):
        source = solution[markup.grade_id(cell=cell)]
        expected = re.sub(
            r"^([ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION[ \t]*$",
            lambda m: f"{m.group(1)}# YOUR CODE HERE\n{m.group(1)}raise NotImplementedError()",
            source,
            flags=re.MULTILINE | re.DOTALL,
        )
        assert cell.source == expected, (
            f"released cell {cell.id} is not the solution with its region stubbed"
        )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_locks_test_cells(assignment):
    nb = nbformat.read(release_path(assignment), as_version=4)
    tests = nbgrader_cells(nb, "test")
    assert tests, "no graded test cells"
    for cell in tests:
        assert cell.metadata.get("editable") is False and cell.metadata.get("deletable") is False, (
            f"test cell {markup.grade_id(cell=cell)} is not locked"
        )
    for cell in nbgrader_cells(nb, "solution"):
        assert cell.metadata.get("editable", True) is not False


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_notebooks_carry_no_test_tool_markers(assignment):
    """`# NBVAL_CHECK_OUTPUT` is for `make test`; `make release` strips it (grader.release)."""
    nb = nbformat.read(release_path(assignment), as_version=4)
    markers = [i for i, cell in enumerate(nb.cells) if markup.has_nbval_marker(cell=cell)]
    assert markers == [], (
        f"notebooks/{assignment} cells {markers} keep nbval markers: run `make release`"
    )
