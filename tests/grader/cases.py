"""Bad, tampered, wrong and alternative submissions of the fixture lesson, for the grader's tests.

The fixture (``tests/grader/fixtures/``) is a frozen copy of lesson 01's first edition, so
these cases keep testing the grader while the lesson changes. Used by
``tests/grader/test_bad_submissions.py``, ``tests/system/`` and the benchmarks. Every
submission is a real notebook built from the fixture's release in a temporary course copy.
To keep the grading runs short on a shared 2-core machine, most of them leave out the demo
code cells that no check needs (a student may delete those; nothing graded depends on them):
:func:`trimmed` keeps the setup cell, the data cell and every exercise and check cell.
``ok-parity-right-alternatives`` is the whole notebook.
"""

import json
import subprocess
import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

from grader import markup
from tests.lessons.wrong_answers import wrong
from tests.support import (
    BIN,
    assignment_ids,
    generate_release,
    hermetic_env,
    make_course,
    make_submission,
    release_path,
)

ASSIGNMENT = "01_input_layer_vs_features"
#: the frozen fixture lesson's solutions folder
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "solutions"
#: untracked code cells the checks need: the setup cell and the data cell (X, y)
NEEDED_CELLS = {"cell-02", "cell-04"}
#: what the tests pass to the grading command: small timeout, 4 GiB cap (the bomb asks 8 GiB)
TEST_TIMEOUT = 30
TEST_MEMORY_MB = 4096


#: the fixture's named wrong answers (lesson 01's first edition, question 000)
WRONG_ANSWERS = {
    # count_dense_params: forgetting the bias / batches_per_epoch: floor division
    "forgets the bias; floor division drops the partial batch": wrong(
        count_dense_params="""
            def count_dense_params(num_features, units):
                return num_features * units
        """,
        batches_per_epoch="""
            def batches_per_epoch(num_samples, batch_size):
                return num_samples // batch_size
        """,
    ),
    # count_dense_params: the output column counted as a feature / batches_per_epoch: num_samples
    "counts the output column as a feature; one update per sample": wrong(
        count_dense_params="""
            def count_dense_params(num_features, units):
                return (num_features + 1) * units + units
        """,
        batches_per_epoch="""
            def batches_per_epoch(num_samples, batch_size):
                return num_samples
        """,
    ),
    # build_mlp: input size = batch size (5) / batch_rows: the forum answer's rows 45-50
    "input size is the batch size; the question's rows 45-50": wrong(
        build_mlp="""
            def build_mlp(num_features, hidden_units):
                model = keras.Sequential([
                    keras.Input(shape=(5,)),
                    keras.layers.Dense(hidden_units, activation="relu"),
                    keras.layers.Dense(1),
                ])
                model.compile(optimizer="sgd", loss="mse")
                return model
        """,
        batch_rows="""
            def batch_rows(num_samples, batch_size, iteration):
                return ((iteration - 1) * batch_size, iteration * batch_size)
        """,
    ),
    # build_mlp: hidden units tied to the number of features / batch_rows: no partial last batch
    "hidden units tied to the features; last batch never partial": wrong(
        build_mlp="""
            def build_mlp(num_features, hidden_units):
                model = keras.Sequential([
                    keras.Input(shape=(num_features,)),
                    keras.layers.Dense(num_features, activation="relu"),
                    keras.layers.Dense(1),
                ])
                model.compile(optimizer="sgd", loss="mse")
                return model
        """,
        batch_rows="""
            def batch_rows(num_samples, batch_size, iteration):
                return ((iteration - 1) * batch_size + 1, iteration * batch_size)
        """,
    ),
}


def build_course(workdir):
    """A temporary course with lesson 01 released (gradebook included); returns its root."""
    course = make_course(workdir, [ASSIGNMENT], solutions=FIXTURES)
    generate_release(course, ASSIGNMENT)
    return course


def release_nb(course):
    return nbformat.read(
        Path(course) / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4
    )


def solution_nb(course, **replacements):
    """The release with solution code, some functions replaced by ``replacements``."""
    release = Path(course) / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    sources = {name: textwrap.dedent(src).strip("\n") + "\n" for name, src in replacements.items()}
    return make_submission(ASSIGNMENT, release, sources, solutions=FIXTURES)


def trimmed(nb):
    """The notebook without the demo code cells that no check needs."""
    nb.cells = [
        c
        for c in nb.cells
        if c.cell_type != "code" or c.metadata.get("nbgrader") or c.get("id") in NEEDED_CELLS
    ]
    return nb


def grade_id(cell):
    return markup.grade_id(cell=cell)


def index_of(nb, gid):
    return next(i for i, c in enumerate(nb.cells) if grade_id(c) == gid)


def write_submission(course, student, content):
    """Put ``content`` (a notebook, str or bytes) at submitted/<student>/<id>/<id>.ipynb."""
    target = Path(course) / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, nbformat.NotebookNode):
        # json, not nbformat.write: nbformat would repair duplicated cell ids on the way out
        target.write_text(
            json.dumps(content, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    elif isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content)
    return target


def run_grade(course, *args, workers=None, env=None, timeout=1800):
    """``python -m grader grade ASSIGNMENT --timeout 30 --memory-mb 4096 ARGS`` in ``course``:
    serial, or ``--workers N`` with ``workers``; ``env`` adds to the hermetic environment."""
    cmd = [
        str(BIN / "python"),
        "-m",
        "grader",
        "grade",
        ASSIGNMENT,
        *(["--serial"] if workers is None else ["--workers", str(workers)]),
        "--timeout",
        str(TEST_TIMEOUT),
        "--memory-mb",
        str(TEST_MEMORY_MB),
        *args,
    ]
    env = dict(hermetic_env(Path(course).parent / "home"), **(env or {}))
    return subprocess.run(cmd, cwd=course, env=env, capture_output=True, text=True, timeout=timeout)


def cell_outputs(course, student, *, after=None):
    """The outputs of a student's autograded notebook as text: all of them, or only those of the
    cell just after the one whose grade id is ``after``."""
    path = Path(course) / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells if after is None else [nb.cells[index_of(nb, after) + 1]]
    return "\n".join(str(o.get("text", o)) for c in cells for o in c.get("outputs", []))


def read_csv(course):
    import csv

    path = Path(course) / "grades" / f"{ASSIGNMENT}.csv"
    return {row["student_id"]: row for row in csv.DictReader(path.open(encoding="utf-8"))}


def submission_rows(db_url):
    """Everything the gradebook at ``db_url`` holds about each submission, as comparable tuples."""
    from nbgrader.api import Gradebook

    rows = []
    with Gradebook(db_url, "shapes-and-batches") as gb:
        for student in sorted(s.id for s in gb.students):
            sub = gb.find_submission(ASSIGNMENT, student)
            nb = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
            grades = sorted(
                (g.name, g.auto_score, g.manual_score, g.max_score, bool(g.needs_manual_grade))
                for g in nb.grades
            )
            comments = sorted((c.name, c.auto_comment, c.manual_comment) for c in nb.comments)
            rows.append((student, str(sub.timestamp), grades, comments, nb.late_submission_penalty))
    return rows


def gradebook_state(course):
    """Everything the gradebook holds about submissions, as comparable tuples."""
    from nbgrader.api import Gradebook

    url = f"sqlite:///{Path(course) / 'gradebook.db'}"
    state = submission_rows(url)
    with Gradebook(url, "shapes-and-batches") as gb:
        state.append(("counts", len(gb.students), len(gb.assignment_submissions(ASSIGNMENT))))
    return state


# ------------------------------------------------------------------------------------------
# The submissions
# ------------------------------------------------------------------------------------------
PARITY_RIGHT = dict(
    count_dense_params="""
        def count_dense_params(num_features, units):
            return (num_features + 1) * units
    """,
    build_mlp="""
        def build_mlp(num_features, hidden_units):
            inputs = keras.Input(shape=(num_features,))
            hidden = keras.layers.Dense(hidden_units, activation="relu")(inputs)
            outputs = keras.layers.Dense(1)(hidden)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer=keras.optimizers.SGD(), loss="mean_squared_error")
            return model
    """,
    batches_per_epoch="""
        import math

        def batches_per_epoch(num_samples, batch_size):
            return math.ceil(num_samples / batch_size)
    """,
    batch_rows="""
        def batch_rows(num_samples, batch_size, iteration):
            first = np.int64((iteration - 1) * batch_size + 1)
            return (first, np.int64(min(iteration * batch_size, num_samples)))
    """,
)

PARITY_GAPS = dict(
    build_mlp="""
        def build_mlp(num_features, hidden_units):
            # Keras 2 spelling: still accepted by Keras 3, with a UserWarning
            model = keras.Sequential([
                keras.layers.Dense(hidden_units, activation="relu", input_shape=(num_features,)),
                keras.layers.Dense(1),
            ])
            model.compile(optimizer="sgd", loss="mse")
            return model
    """,
    batches_per_epoch="""
        def batches_per_epoch(num_samples, batch_size):
            return np.ceil(num_samples / batch_size)  # a NumPy float: 11.0
    """,
)

LOOPS = dict(
    build_mlp="""
        def build_mlp(num_features, hidden_units):
            while hidden_units == 9:  # a bug that never ends for one size
                pass
            model = keras.Sequential([
                keras.Input(shape=(num_features,)),
                keras.layers.Dense(hidden_units, activation="relu"),
                keras.layers.Dense(1),
            ])
            model.compile(optimizer="sgd", loss="mse")
            return model
    """,
    batch_rows="""
        def batch_rows(num_samples, batch_size, iteration):
            import time
            while iteration == 3:  # never ends, and swallows the interrupt
                try:
                    time.sleep(0.05)
                except KeyboardInterrupt:
                    pass
            return ((iteration - 1) * batch_size + 1, min(iteration * batch_size, num_samples))
    """,
)

MEMORY_BOMB = dict(
    build_mlp="""
        def build_mlp(num_features, hidden_units):
            if hidden_units == 9:
                waste = np.ones((1024, 1024, 1024))  # 8 GiB
            model = keras.Sequential([
                keras.Input(shape=(num_features,)),
                keras.layers.Dense(hidden_units, activation="relu"),
                keras.layers.Dense(1),
            ])
            model.compile(optimizer="sgd", loss="mse")
            return model
    """,
)

OS_EXIT = dict(
    batch_rows="""
        def batch_rows(num_samples, batch_size, iteration):
            if iteration == 3:
                import os
                os._exit(1)
            return ((iteration - 1) * batch_size + 1, min(iteration * batch_size, num_samples))
    """,
)

# Wrong answers protected by every trick against the checks at once. batches_per_epoch also
# prints its caller's source (the hidden test) to see whether the feedback shows it.
TAMPERED = dict(
    count_dense_params="""
        import helpers.checks
        import numpy.testing
        import unittest

        def count_dense_params(num_features, units):
            return num_features * units  # wrong: forgets the bias

        # 1. redefine the visible checks: every check_* passes whatever it is given
        for _name in [n for n in dir(checks) if n.startswith("check_")]:
            setattr(checks, _name, lambda *args, **kwargs: None)
        # 2. monkey-patch the assert helpers underneath them, and the usual assert libraries
        helpers.checks._same = lambda *args, **kwargs: True
        helpers.checks._fail = lambda *args, **kwargs: None
        numpy.testing.assert_equal = numpy.testing.assert_allclose = lambda *args, **kwargs: None
        unittest.TestCase.assertEqual = unittest.TestCase.assertTrue = lambda *args, **kwargs: None

        # 3. rebind the graded function before every cell (after the tests looked it up),
        #    to one that returns an int that claims to equal anything
        class _Liar(int):
            def __eq__(self, other):
                return True
            __hash__ = int.__hash__

        def _rebind(*args, **kwargs):
            globals()["count_dense_params"] = lambda num_features, units: _Liar(0)

        get_ipython().events.register("pre_run_cell", _rebind)
    """,
    build_mlp="""
        def build_mlp(num_features, hidden_units):
            model = keras.Sequential([
                keras.Input(shape=(5,)),  # wrong: the batch size as the input size
                keras.layers.Dense(hidden_units, activation="relu"),
                keras.layers.Dense(1),
            ])
            model.compile(optimizer="sgd", loss="mse")
            return model
    """,
    batches_per_epoch="""
        import sys
        import traceback

        def batches_per_epoch(num_samples, batch_size):
            traceback.print_stack(file=sys.stdout)  # would print the hidden test's lines
            return num_samples  # wrong: one update per sample
    """,
    batch_rows="""
        class _LiarTuple(tuple):
            def __eq__(self, other):
                return True
            __hash__ = tuple.__hash__

        def batch_rows(num_samples, batch_size, iteration):
            return _LiarTuple(((iteration - 1) * batch_size, iteration * batch_size))  # wrong
    """,
)

# Wrong answers plus names rebound in the notebook's namespace (the hidden tests look up int,
# isinstance, tuple and len there). Expected to be caught once the hidden tests take their
# builtins from the `builtins` module.
REBINDS_BUILTINS = dict(
    count_dense_params="""
        def count_dense_params(num_features, units):
            return num_features * units  # wrong: forgets the bias

        for _name in [n for n in dir(checks) if n.startswith("check_")]:
            setattr(checks, _name, lambda *args, **kwargs: None)

        class _Yes(int):
            def __eq__(self, other):
                return True
            __hash__ = int.__hash__

        _real_isinstance = isinstance
        int = lambda *args: _Yes(0)
        isinstance = lambda obj, types: types is not bool
        tuple = lambda *args: _Yes(0)
        len = lambda obj: _Yes(0)
    """,
    build_mlp="""
        def build_mlp(num_features, hidden_units):
            model = keras.Sequential([
                keras.Input(shape=(num_features,)),
                keras.layers.Dense(num_features, activation="relu"),  # wrong: units = features
                keras.layers.Dense(1),
            ])
            model.compile(optimizer="sgd", loss="mse")
            return model
    """,
    batches_per_epoch="""
        def batches_per_epoch(num_samples, batch_size):
            return num_samples // batch_size  # wrong: drops the partial batch
    """,
    batch_rows="""
        def batch_rows(num_samples, batch_size, iteration):
            return ((iteration - 1) * batch_size, iteration * batch_size)  # wrong: from 0, no partial batch
    """,
)


def _other_lesson_notebook(course):
    """A released notebook of another lesson (the repository's), or a stand-in."""
    for other in assignment_ids():
        if other != ASSIGNMENT and release_path(other).exists():
            return nbformat.read(release_path(other), as_version=4)
    nb = release_nb(course)  # stand-in: lesson 01 with its grade ids and title changed
    nb.cells[0].source = "# Lesson 99 — Another lesson\n"
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta and "grade_id" in meta:
            meta["grade_id"] = "other_" + meta["grade_id"]
    return nb


def _cells_tampered(course):
    """Items 3 and 4: duplicated/moved/extra cells, and edited locked cells, wrong count."""
    nb = trimmed(
        solution_nb(
            course,
            count_dense_params="""
        def count_dense_params(num_features, units):
            return num_features * units  # wrong: forgets the bias
    """,
        )
    )
    # item 4: edit the locked check cells (and their points), turn one into markdown
    nb.cells[index_of(nb, "count_dense_params_bias")].source = "pass  # all good"
    nb.cells[index_of(nb, "count_dense_params_matches_keras")].source = 'print("[PASS] trust me")'
    layers = nb.cells[index_of(nb, "build_mlp_layers")]
    layers.source = "assert True"
    layers.metadata["nbgrader"]["points"] = 10
    partial = nb.cells[index_of(nb, "batch_rows_partial_last")]
    as_markdown = new_markdown_cell(partial.source, metadata=partial.metadata)
    as_markdown["id"] = partial["id"]
    nb.cells[index_of(nb, "batch_rows_partial_last")] = as_markdown
    # item 3: a check cell duplicated (copy at the end), duplicated cell ids, the solution of
    # batches_per_epoch moved below its checks, a check cell moved to the very top, extra cells
    copy = nbformat.from_dict(
        json.loads(json.dumps(nb.cells[index_of(nb, "batches_per_epoch_partial")]))
    )
    copy["id"] = "my-copy"
    nb.cells.append(copy)
    nb.cells[index_of(nb, "build_mlp_code")]["id"] = nb.cells[
        index_of(nb, "count_dense_params_code")
    ]["id"]
    solution = nb.cells.pop(index_of(nb, "batches_per_epoch_code"))
    nb.cells.insert(index_of(nb, "batches_per_epoch_partial") + 1, solution)
    nb.cells.insert(0, nb.cells.pop(index_of(nb, "build_mlp_input_shape")))
    nb.cells.insert(3, new_markdown_cell("My notes: Input is a shape."))
    nb.cells.append(new_code_cell("def my_helper(n):\n    return n * 2\n\nprint(my_helper(21))"))
    return nb


def _memory_output_exits(course):
    """Items 6, 7, 8: 8 GiB asked in build_mlp; millions of lines; sys.exit(); os._exit()."""
    nb = trimmed(solution_nb(course, **MEMORY_BOMB, **OS_EXIT))
    setup = next(i for i, c in enumerate(nb.cells) if c.get("id") == "cell-02")
    nb.cells.insert(
        setup + 1,
        new_code_cell(
            'print("\\n".join(str(i) for i in range(2_000_000)))  # two million lines\n'
            'print("x" * 5_000_000)  # and one line of 5 million characters'
        ),
    )
    nb.cells.insert(setup + 2, new_code_cell('import sys\nsys.exit("done")'))
    return nb


def _segfault(course):
    """A crash in the first code cell (before TensorFlow loads: it dies at once)."""
    nb = trimmed(solution_nb(course))
    setup = next(i for i, c in enumerate(nb.cells) if c.get("id") == "cell-02")
    nb.cells.insert(
        setup, new_code_cell("import ctypes\nctypes.string_at(0)  # reads address 0: SIGSEGV")
    )
    return nb


def _deleted_cells(course):
    nb = trimmed(solution_nb(course))
    gone = {
        "count_dense_params_matches_keras",
        "build_mlp_code",
        "build_mlp_input_shape",
        "build_mlp_layers",
    }
    nb.cells = [c for c in nb.cells if grade_id(c) not in gone]
    return nb


def bad_submissions(course):
    """``{student_id: content}`` for every bad case (see the module docstring)."""
    solution_text = nbformat.writes(solution_nb(course))
    return {
        "item01-empty": b"",
        "item01-truncated": solution_text[: len(solution_text) // 2],
        "item01-python-not-json": "def count_dense_params(num_features, units):\n    return 0\n",
        "item01-binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "item01-json-not-notebook": json.dumps({"student": "x", "answers": [128, 10]}),
        "item02-deleted-check-cells": _deleted_cells(course),
        "item03-04-cells-tampered": _cells_tampered(course),
        "item05-loops": trimmed(solution_nb(course, **LOOPS)),
        "item06-07-08-memory-output-exits": _memory_output_exits(course),
        "item08-segfault": _segfault(course),
        "item09-tampered-checks": trimmed(solution_nb(course, **TAMPERED)),
        "item09-rebinds-builtins": trimmed(solution_nb(course, **REBINDS_BUILTINS)),
        "item10-other-lesson": _other_lesson_notebook(course),
        "ok-parity-right-alternatives": solution_nb(course, **PARITY_RIGHT),
        "parity-gaps": trimmed(solution_nb(course, **PARITY_GAPS)),
    }
