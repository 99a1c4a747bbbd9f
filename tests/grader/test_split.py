"""grader.split through GuardedExecute: what the student's kernel receives while a notebook is graded.

The fixture lesson is graded with a spy on everything sent to the kernel. The kernel must get
the student's cells and the instructor cells they read, and requests that carry only a
function's name and its arguments: never a check cell, a hidden-test line or an expected value.
"""

import base64
import re
import shutil

import nbformat
import pytest
from traitlets.config import Config

from grader import codec, kernel
from grader.split import SECRET_FILE, SourceMissing, grading_secret, source_notebook
from tests.grader import cases
from tests.support import hidden_test_lines

pytestmark = pytest.mark.slow

A = cases.ASSIGNMENT


def _requests(code):
    """The decoded request a proxy sent, or None for a plain cell."""
    found = re.search(r'"REQUEST": "([^"]+)"', code)
    return codec.decode(base64.b64decode(found.group(1)), trusted=True) if found else None


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    work = tmp_path_factory.mktemp("split")
    shutil.copytree(cases.FIXTURES / A, work / "solutions" / A)
    source = work / "solutions" / A / f"{A}.ipynb"
    nb = nbformat.read(source, as_version=4)
    config = Config()
    config.CourseDirectory.root = str(work)
    config.CourseDirectory.source_directory = "solutions"
    ep = kernel.GuardedExecute(config=config, memory_limit_mb=0, timeout=120, secret="fixed")
    sent = []
    original = kernel.GuardedExecute.execute_cell

    def spy(self, cell, index, **kw):
        sent.append(cell.source)
        return original(self, cell, index, **kw)

    kernel.GuardedExecute.execute_cell = spy
    try:
        ep.preprocess(
            nb, {"metadata": {"path": str(work)}, "nbgrader": {"assignment": A, "notebook": A}}
        )
    finally:
        kernel.GuardedExecute.execute_cell = original
    return dict(nb=nb, sent=sent, source=nbformat.read(source, as_version=4))


def test_every_check_passes_on_the_solution(graded):
    checks = [c for c in graded["nb"].cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert checks and all(c.outputs and c.outputs[0]["text"].startswith("[PASS]") for c in checks)
    assert not any(
        o.get("output_type") in ("error", "execute_result") for c in checks for o in c.outputs
    )


def test_the_kernel_never_receives_a_check_a_hidden_line_or_an_expected_value(graded):
    plain = [code for code in graded["sent"] if _requests(code) is None]
    requests = [_requests(code) for code in graded["sent"] if _requests(code) is not None]
    check_sources = [
        c.source for c in graded["source"].cells if c.metadata.get("nbgrader", {}).get("grade")
    ]
    assert requests, "no proxy call reached the kernel"
    for code in plain:
        assert code not in check_sources and "HIDDEN TESTS" not in code and "checks." not in code
    everything = "\n".join(plain) + "\n".join(repr(r) for r in requests)
    for line in hidden_test_lines(A, solutions=cases.FIXTURES):
        assert line not in everything
    assert {r["name"] for r in requests} == {
        "count_dense_params",
        "build_mlp",
        "batches_per_epoch",
        "batch_rows",
    }
    assert all(set(r) == {"name", "routine", "args", "kwargs"} for r in requests)
    assert 128 not in [a for r in requests for a in r["args"]]  # count_dense_params(3, 32)'s answer


def test_the_kernel_runs_the_students_cells_and_only_the_instructor_cells_they_read(graded):
    plain = [code for code in graded["sent"] if _requests(code) is None]
    solutions = [
        c.source for c in graded["source"].cells if c.metadata.get("nbgrader", {}).get("solution")
    ]
    assert all(s in plain for s in solutions)
    demo_cells = [
        c.source
        for c in graded["source"].cells
        if c.cell_type == "code"
        and not c.metadata.get("nbgrader")
        and c.get("id") not in cases.NEEDED_CELLS
    ]
    assert demo_cells and not any(d in plain for d in demo_cells)


def test_the_secret_is_made_once_and_kept(tmp_path):
    first = grading_secret(root=tmp_path)
    assert len(first) == 32 and grading_secret(root=tmp_path) == first
    assert oct((tmp_path / SECRET_FILE).stat().st_mode)[-3:] == "600"
    assert grading_secret(root=tmp_path, configured="given") == "given"


def test_a_missing_source_notebook_is_named(tmp_path):
    config = Config()
    config.CourseDirectory.root = str(tmp_path)
    config.CourseDirectory.source_directory = "solutions"
    with pytest.raises(SourceMissing, match=f"solutions/{A}/{A}.ipynb is needed"):
        source_notebook(config=config, resources={"nbgrader": {"assignment": A, "notebook": A}})
