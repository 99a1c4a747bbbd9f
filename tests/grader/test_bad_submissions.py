"""`make grade`'s command (`python -m grader grade --serial`) on every bad submission, in ONE run.

A temporary course copy gets one submission per case (tests/grader/cases.py: real notebooks of the fixture lesson 01
notebooks, most without the demo cells no check needs) and the command grades them all with a
30 s per-cell timeout and a 4 GiB kernel memory cap. Each case must get its status and a clear
reason, the others must be graded normally in the same run, the gradebook must stay
consistent, and grading again must change nothing.

Items of the issue: 1 unreadable files; 2 deleted check cells; 3 duplicated/moved/extra cells;
4 edited check cells; 5 infinite loops; 6 memory bomb; 7 huge output; 8 sys.exit / os._exit /
crash; 9 tampering with the checks; 10 another lesson's notebook. Plus self-study parity:
right answers written another way score full marks.
"""

import html
import re
import sqlite3
import time
import types
from pathlib import Path

import nbformat
import pytest

from grader import markup
from tests.grader import cases
from tests.support import NOISE_PATTERNS, hidden_test_lines

pytestmark = pytest.mark.slow

A = cases.ASSIGNMENT
UNGRADABLE_CASES = {
    "item01-empty": "empty file (0 bytes)",
    "item01-truncated": "not valid JSON: the file stops in the middle",
    "item01-python-not-json": "not valid JSON: Expecting value at line 1, column 1",
    "item01-binary": "not a notebook: binary data",
    "item01-json-not-notebook": "JSON, but not a Jupyter notebook",
    "item10-other-lesson": f"not a notebook of {A}",
}
#: regraded twice more by test_regrading_changes_nothing: a mixed set
REGRADED = [
    "item02-deleted-check-cells",
    "item09-tampered-checks",
    "item01-truncated",
    "item10-other-lesson",
]
#: TensorFlow / C++ start-up lines (not the Python warnings a student's own code may print)
TF_NOISE = re.compile("|".join(p for p in NOISE_PATTERNS if r"\w*Warning" not in p), re.MULTILINE)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    course = cases.build_course(tmp_path_factory.mktemp("grade-cli"))
    bad = cases.bad_submissions(course)
    for student, content in bad.items():
        cases.write_submission(course, student, content)
    started = time.monotonic()
    proc = cases.run_grade(course)
    return types.SimpleNamespace(
        course=course,
        proc=proc,
        students=sorted(bad),
        seconds=time.monotonic() - started,
        rows=cases.read_csv(course),
        state=cases.gradebook_state(course),
    )


def _row(run, student):
    return run.rows[student]


def _failed(run, student):
    return [f for f in _row(run, student)["failed_checks"].split(";") if f]


def _autograded(run, student):
    return nbformat.read(Path(run.course) / "autograded" / student / A / f"{A}.ipynb", as_version=4)


def _feedback(run, student):
    page = (Path(run.course) / "feedback" / student / A / f"{A}.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _grades(run, student):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{Path(run.course) / 'gradebook.db'}", "shapes-and-batches") as gb:
        nb = gb.find_submission_notebook(A, A, student)
        return {g.name: (g.auto_score, bool(g.needs_manual_grade)) for g in nb.grades}


def _errors(nb, gid):
    cell = next(c for c in nb.cells if markup.grade_id(cell=c) == gid)
    return [o.ename for o in cell.outputs if o.output_type == "error"]


# ------------------------------------------------------------------------------------------
def test_one_run_reports_progress_a_table_a_csv_and_its_exit_code(run):
    out = run.proc.stdout
    assert run.proc.returncode == 1, (
        f"ungradable submissions must give exit code 1\n{out}\n{run.proc.stderr[-3000:]}"
    )
    n = len(run.students)
    assert f"Grading {A}: {n} submissions" in out
    for index in range(1, n + 1):
        assert re.search(
            rf"\[\s*{index}/{n}\] \S+: .* \(\d+\.\d s; elapsed \d:\d\d:\d\d; \d+\.\d/min; ~\d:\d\d:\d\d left\)",
            out,
        ), f"no progress line {index}"
    assert re.search(r"^student\s+status\s+score\s+reason$", out, re.M)
    assert re.search(
        rf"{n} submissions in \d:\d\d:\d\d \(\d+\.\d/min\): \d+ graded, \d+ need a manual grade, "
        rf"{len(UNGRADABLE_CASES)} ungradable",
        out,
    )
    assert sorted(run.rows) == run.students
    assert {r["status"] for r in run.rows.values()} == {
        "graded",
        "needs manual grade",
        "ungradable",
    }
    assert "Traceback" not in run.proc.stderr, run.proc.stderr[-3000:]
    print(f"\ngrading {n} submissions took {run.seconds:.0f} s")


@pytest.mark.parametrize("student", sorted(UNGRADABLE_CASES))
def test_item01_and_item10_unreadable_or_foreign_notebooks_are_ungradable_with_the_reason(
    run, student
):
    row = _row(run, student)
    assert row["status"] == "ungradable" and row["score"] == ""
    assert UNGRADABLE_CASES[student] in row["reason"]
    assert not (Path(run.course) / "autograded" / student).exists()
    assert UNGRADABLE_CASES[student] in _feedback(run, student), "the student's page must say why"
    assert all(score is None and manual for score, manual in _grades(run, student).values())


def test_item10_names_the_other_lesson(run):
    reason = _row(run, "item10-other-lesson")["reason"]
    assert "its title: 'Lesson" in reason or "a notebook of " in reason, reason


def test_item02_deleted_check_cells_are_restored_and_graded(run):
    row = _row(run, "item02-deleted-check-cells")
    assert row["status"] == "graded" and row["score"] == "6" and row["max_score"] == "8"
    assert (
        "deleted check cells restored from the gradebook: count_dense_params_matches_keras, "
        "build_mlp_input_shape, build_mlp_layers"
    ) in row["reason"]
    assert (
        "exercise cells deleted (their functions may be missing): build_mlp_code" in row["reason"]
    )
    assert _failed(run, "item02-deleted-check-cells") == [
        "build_mlp_input_shape",
        "build_mlp_layers",
    ]
    assert not any(manual for _, manual in _grades(run, "item02-deleted-check-cells").values())


def test_item03_duplicated_moved_and_extra_cells_are_graded_as_the_original(run):
    row = _row(run, "item03-04-cells-tampered")
    assert row["status"] == "graded"
    for expected in [
        "cell ids made unique",
        "duplicated cells batches_per_epoch_partial",
        "out of order",
        "check cells put back after what they check",
        "cells added by the student",
    ]:
        assert expected in row["reason"], row["reason"]
    # only the wrong count_dense_params (item 4) loses points: moved checks ran after their code
    assert _failed(run, "item03-04-cells-tampered") == [
        "count_dense_params_bias",
        "count_dense_params_matches_keras",
    ]


def test_item04_edited_check_cells_are_restored_and_graded_as_the_original(run):
    row = _row(run, "item03-04-cells-tampered")
    assert (
        "edited check cells restored to the original: count_dense_params_bias, "
        "count_dense_params_matches_keras, build_mlp_layers, batch_rows_partial_last"
    ) in row["reason"]
    assert row["score"] == "6" and row["max_score"] == "8", "edited points must not count"
    nb = _autograded(run, "item03-04-cells-tampered")
    assert _errors(nb, "count_dense_params_bias") == ["CheckFailure"]


def test_item05_loops_are_stopped_and_cost_only_their_checks(run):
    row = _row(run, "item05-loops")
    assert row["status"] == "needs manual grade" and row["score"] == "5", row
    assert (
        "batch_rows_seed_example ran past the 30 s timeout and ignored the interrupt"
        in row["reason"]
    )
    assert "1 later checks did not run (batch_rows_partial_last)" in row["reason"]
    assert "stopped after the 30 s per-cell timeout: build_mlp_layers" in row["reason"]
    grades = _grades(run, "item05-loops")
    assert {name for name, (_, manual) in grades.items() if manual} == {
        "batch_rows_seed_example",
        "batch_rows_partial_last",
    }
    nb = _autograded(run, "item05-loops")
    assert _errors(nb, "build_mlp_layers") == [
        "TimeoutError"
    ]  # the grader's: build_mlp did not return
    assert _errors(nb, "batch_rows_seed_example") == ["UnstoppableCellError"]
    assert _errors(nb, "batch_rows_partial_last") == ["NotRunError"]


def test_item06_a_memory_bomb_hits_the_cap_and_the_kernel_lives_on(run):
    student = "item06-07-08-memory-output-exits"
    row = _row(run, student)
    assert "hit the kernel memory cap: build_mlp_layers" in row["reason"]
    assert "build_mlp_layers" in _failed(run, student) and "build_mlp_input_shape" not in _failed(
        run, student
    )
    assert _errors(_autograded(run, student), "build_mlp_layers") == ["MemoryError"]


def test_item07_huge_output_is_bounded_in_the_notebook_and_the_feedback(run):
    student = "item06-07-08-memory-output-exits"
    assert "output cut to a bounded size: cell 4" in _row(run, student)["reason"]
    autograded = Path(run.course) / "autograded" / student / A / f"{A}.ipynb"
    assert autograded.stat().st_size < 200_000, "two million lines must not be stored"
    normal = Path(run.course) / "feedback" / "ok-parity-right-alternatives" / A / f"{A}.html"
    page = Path(run.course) / "feedback" / student / A / f"{A}.html"
    assert page.stat().st_size < normal.stat().st_size + 200_000
    page = _feedback(run, student)
    assert "... Output truncated ..." in page or "[output truncated by the grader" in page


def test_item08_sys_exit_os_exit_and_a_crash(run):
    student = "item06-07-08-memory-output-exits"
    row = _row(run, student)
    # sys.exit() in an early cell: the notebook goes on; os._exit() in batch_rows: it stops there
    assert row["status"] == "needs manual grade" and row["score"] == "5", row
    assert (
        "batch_rows_seed_example: the kernel exited while running this cell (exit code 1: os._exit()?); "
        "1 later checks did not run (batch_rows_partial_last)"
    ) in row["reason"]
    assert _failed(run, student) == [
        "batch_rows_partial_last",
        "batch_rows_seed_example",
        "build_mlp_layers",
    ]
    nb = _autograded(run, student)
    assert any(o.get("ename") == "SystemExit" for c in nb.cells for o in c.get("outputs", []))
    crash = _row(run, "item08-segfault")
    assert crash["status"] == "needs manual grade" and crash["score"] == "0"
    assert (
        "the kernel crashed while running this cell (killed by signal SIGSEGV)" in crash["reason"]
    )
    assert "8 later checks did not run" in crash["reason"]
    assert all(manual for _, manual in _grades(run, "item08-segfault").values())


def test_item09_tampering_with_the_checks_does_not_turn_wrong_answers_into_marks(run):
    """Redefined helpers.checks functions, monkey-patched assert helpers, the graded function
    rebound before every cell to one returning an int that equals anything: still 0."""
    row = _row(run, "item09-tampered-checks")
    assert row["status"] == "needs manual grade" and row["score"] == "0", row
    assert "tampering suspected, grade by hand: cell " in row["reason"], row  # grader.tamper


def test_item09_rebinding_builtins_does_not_turn_wrong_answers_into_marks(run):
    # deserved: build_mlp's input shape is right and floor division is right when it divides
    assert _failed(run, "item09-rebinds-builtins") == [
        "batch_rows_partial_last",
        "batch_rows_seed_example",
        "batches_per_epoch_partial",
        "build_mlp_layers",
        "count_dense_params_bias",
        "count_dense_params_matches_keras",
    ]


def test_item09_hidden_test_source_never_reaches_the_feedback(run):
    hidden = [line for line in hidden_test_lines(A, cases.FIXTURES) if len(line) >= 20]
    printed = "\n".join(
        o.get("text", "")
        for c in _autograded(run, "item09-tampered-checks").cells
        for o in c.get("outputs", [])
        if o.output_type == "stream"
    )
    assert hidden and not any(line in printed for line in hidden), (
        "the student's print_stack saw a check"
    )
    for student in run.students:
        page = _feedback(run, student)
        leaked = [line for line in hidden if line in page]
        assert leaked == [], f"{student}: feedback shows hidden-test lines {leaked[:2]}"
        assert not TF_NOISE.search(page), f"{student}: TensorFlow noise in the feedback"
    assert "[FAIL]" in _feedback(run, "item03-04-cells-tampered")
    assert "Known mistake: forgetting the bias" in _feedback(run, "item03-04-cells-tampered")


def test_parity_right_answers_written_another_way_score_full_marks(run):
    row = _row(run, "ok-parity-right-alternatives")
    assert (row["status"], row["score"], row["reason"]) == ("graded", "8", ""), row


def _cell_output(run, student, grade_id):
    for cell in _autograded(run, student).cells:
        if markup.grade_id(cell=cell) == grade_id:
            return "\n".join(
                o.get("text", "") + o.get("evalue", "") for o in cell.get("outputs", [])
            )
    raise KeyError(grade_id)


def test_parity_a_numpy_float_is_rejected_by_the_visible_check_too(run):
    """np.ceil's 11.0 fails the hidden int check, so the visible check says so first."""
    assert "batches_per_epoch_seed_example" in _failed(run, "parity-gaps")
    shown = _cell_output(run, "parity-gaps", "batches_per_epoch_seed_example")
    assert "[FAIL] batches_per_epoch returned 10.0" in shown and "is an int" in shown, shown


def test_parity_a_keras2_spelling_is_rejected_by_the_visible_check_too(run):
    """Dense(input_shape=...) warns on stderr (nbgrader: 0 points); the visible check says why."""
    assert "build_mlp_input_shape" in _failed(run, "parity-gaps")
    shown = _cell_output(run, "parity-gaps", "build_mlp_input_shape")
    assert "[FAIL] building the model raised a warning" in shown, shown


def test_gradebook_is_consistent(run):
    db = Path(run.course) / "gradebook.db"
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    students = [s for s, *_ in run.state if s != "counts"]
    assert students == run.students
    assert run.state[-1] == ("counts", len(run.students), len(run.students))
    for student, _, grades, _, _ in run.state[:-1]:
        assert [g[0] for g in grades] == sorted(
            n
            for n in [
                "count_dense_params_bias",
                "count_dense_params_matches_keras",
                "build_mlp_input_shape",
                "build_mlp_layers",
                "batches_per_epoch_seed_example",
                "batches_per_epoch_partial",
                "batch_rows_seed_example",
                "batch_rows_partial_last",
            ]
        )
        status = run.rows[student]["status"]
        scored = [g[1] is not None for g in grades]
        assert all(scored) if status != "ungradable" else not any(scored), student
        assert (Path(run.course) / "autograded" / student / A).exists() == (status != "ungradable")
        assert (Path(run.course) / "feedback" / student / A / f"{A}.html").exists()
        total = sum(g[1] or 0 for g in grades)
        if status != "ungradable":
            assert float(run.rows[student]["score"]) == total, student


def test_regrading_changes_nothing(run):
    """Determinism: the mixed set REGRADED, graded twice more, gives the same gradebook and CSV."""
    first_rows = {s: run.rows[s] for s in REGRADED}
    args = [a for s in REGRADED for a in ("--student", s)]
    for attempt in range(2):
        proc = cases.run_grade(run.course, *args)
        assert proc.returncode == 1, proc.stdout[-2000:]
        rows = cases.read_csv(run.course)
        assert sorted(rows) == sorted(REGRADED)
        assert rows == first_rows, f"regrade {attempt + 1} differs"
        assert cases.gradebook_state(run.course) == run.state, (
            f"regrade {attempt + 1} changed the gradebook"
        )
