"""A student notebook survives an unsolved exercise: executed top to bottom with every exercise
blank (the release as it is), it fails only in exercise cells and their check cells.

The demos never call the learner's functions (they compute what they need, or use
``helpers.reference``), so a learner stuck on one exercise still gets every figure and every
experiment after it. Each check cell that fails says what to do in a ``[FAIL]`` line (a check's
message, or ``helpers.blank``'s for an exercise not written yet), never a bare traceback.
"""

import nbformat
import pytest
from nbclient import NotebookClient

from grader import markup
from tests.support import assignment_ids, hermetic_env, release_path

pytestmark = pytest.mark.slow


def _role(cell):
    kind = markup.role(cell=cell)
    return "exercise" if kind == markup.SOLUTION else "check" if kind == markup.CHECK else "demo"


@pytest.mark.parametrize("assignment", assignment_ids())
def test_blank_release_fails_only_in_exercise_and_check_cells(assignment, tmp_path, monkeypatch):
    for var, value in hermetic_env(tmp_path / "home").items():
        monkeypatch.setenv(var, value)
    path = release_path(assignment)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        extra_arguments=["--IPKernelApp.capture_fd_output=False"],
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    raised = {
        index: (_role(cell), next(o for o in cell.outputs if o.output_type == "error"))
        for index, cell in enumerate(nb.cells)
        if any(o.output_type == "error" for o in cell.get("outputs", []))
    }
    demos = [
        f"cell {i}: {err.ename}: {err.evalue[:120]}"
        for i, (role, err) in raised.items()
        if role == "demo"
    ]
    assert demos == [], (
        f"{assignment}: demo cells fail when the exercises are blank:\n  " + "\n  ".join(demos)
    )
    assert any(role == "check" for role, _ in raised.values()), (
        "no check failed with the exercises blank"
    )
    bare = [
        f"cell {i}: {err.ename}: {err.evalue[:120]}"
        for i, (role, err) in raised.items()
        if role == "check" and not any("[FAIL]" in line for line in err.traceback)
    ]
    assert bare == [], (
        f"{assignment}: check cells fail without a [FAIL] line when the exercises are blank:\n  "
        + "\n  ".join(bare)
    )
