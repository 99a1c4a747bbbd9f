"""grader.repair: what nbgrader would get wrong in a submission, repaired or reported before it
runs (on the fixture lesson's notebooks; no kernel)."""

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from grader import markup, repair
from grader.records import SourceCell
from tests.grader.cases import FIXTURES
from tests.support import solution_path

A = "01_input_layer_vs_features"
RELEASE = FIXTURES.parent / "notebooks" / A / f"{A}.ipynb"


@pytest.fixture(scope="module")
def source_cells():
    """Lesson 01's tracked cells as the gradebook stores them (full test source)."""
    from nbgrader.utils import compute_checksum

    nb = nbformat.read(solution_path(A, FIXTURES), as_version=4)
    cells = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if not meta:
            continue
        cells.append(
            SourceCell(
                name=meta["grade_id"],
                cell_type=cell.cell_type,
                locked=bool(meta.get("locked")),
                checksum=compute_checksum(cell),
                source=cell.source,
                points=float(meta["points"]) if meta.get("grade") else None,
                solution=bool(meta.get("solution")),
            )
        )
    return cells


def _release():
    return nbformat.read(RELEASE, as_version=4)


def _write(tmp_path, content, name=f"{A}.ipynb"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content)
    else:
        path.write_text(json.dumps(content))
    return path


def _ids(nb):
    return [markup.grade_id(cell=c) or c.get("id") for c in nb.cells]


def _tracked(nb):
    return [markup.grade_id(cell=c) for c in nb.cells if markup.grade_id(cell=c)]


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty file (0 bytes)"),
        ("  \n", "empty file (only whitespace)"),
        (b"\x89PNG\r\n\x1a\n\xff\xfe", "binary data"),
        ('{"cells": [', "stops in the middle"),
        ("print('hello')", "not valid JSON: Expecting value at line 1"),
        ('{"a": 1} {"b": 2}', "not valid JSON: Extra data"),
        ("[1, 2, 3]", "not a Jupyter notebook"),
        (
            '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": 7}',
            "not a readable notebook",
        ),
        (
            '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "picture"}]}',
            "not a readable notebook",
        ),
    ],
)
def test_unreadable_files_are_ungradable_with_a_reason(tmp_path, source_cells, content, reason):
    prepared = repair.prepare_submission(_write(tmp_path, content), A, source_cells)
    assert prepared.nb is None and reason in prepared.reason


def test_a_missing_or_renamed_notebook_is_named(tmp_path, source_cells):
    _write(tmp_path, _release(), "homework (1).ipynb")
    prepared = repair.prepare_submission(tmp_path / f"{A}.ipynb", A, source_cells)
    assert prepared.reason == f"no {A}.ipynb in the submission (found homework (1).ipynb: renamed?)"


def test_the_release_as_it_is_needs_no_repair(tmp_path, source_cells):
    release_ids = {c["id"] for c in _release().cells}
    prepared = repair.prepare_submission(_write(tmp_path, _release()), A, source_cells, release_ids)
    assert prepared.reason == "" and prepared.notes == []
    assert _ids(prepared.nb) == _ids(_release())


def test_deleted_check_cells_are_put_back_after_the_cell_before_them(tmp_path, source_cells):
    nb = _release()
    gone = {
        "count_dense_params_matches_keras",
        "build_mlp_code",
        "build_mlp_input_shape",
        "build_mlp_layers",
    }
    nb.cells = [c for c in nb.cells if markup.grade_id(cell=c) not in gone]
    prepared = repair.prepare_submission(_write(tmp_path, nb), A, source_cells)
    tracked = _tracked(prepared.nb)
    assert tracked == [c.name for c in source_cells if c.name != "build_mlp_code"]
    restored = prepared.nb.cells[[_ids(prepared.nb).index("count_dense_params_matches_keras")][0]]
    assert restored.metadata["nbgrader"]["points"] == 1 and restored.metadata["editable"] is False
    assert (
        "BEGIN HIDDEN TESTS" in restored.source
    )  # the gradebook's version, as nbgrader restores it
    notes = " ".join(prepared.notes)
    assert (
        "deleted check cells restored from the gradebook: count_dense_params_matches_keras, "
        "build_mlp_input_shape, build_mlp_layers" in notes
    )
    assert "exercise cells deleted (their functions may be missing): build_mlp_code" in notes


def test_moved_check_cells_go_back_after_what_they_check(tmp_path, source_cells):
    nb = _release()
    ids = _ids(nb)
    nb.cells.insert(0, nb.cells.pop(ids.index("build_mlp_input_shape")))  # a check to the very top
    ids = _ids(nb)
    solution = nb.cells.pop(ids.index("batch_rows_code"))  # an exercise below its checks
    nb.cells.insert(_ids(nb).index("batch_rows_partial_last") + 1, solution)
    prepared = repair.prepare_submission(_write(tmp_path, nb), A, source_cells)
    ids = _ids(prepared.nb)
    assert ids.index("cell-02") < ids.index("build_mlp_input_shape"), (
        "the setup cell must still come first"
    )
    assert ids.index("build_mlp_code") + 1 == ids.index("build_mlp_input_shape")
    assert ids.index("batch_rows_code") + 1 == ids.index("batch_rows_seed_example")
    assert ids.index("batch_rows_seed_example") + 1 == ids.index("batch_rows_partial_last")
    assert any("out of order" in n for n in prepared.notes)


def test_duplicates_foreign_cells_and_extra_cells(tmp_path, source_cells):
    nb = _release()
    copy = nbformat.from_dict(
        json.loads(json.dumps(nb.cells[_ids(nb).index("count_dense_params_bias")]))
    )
    copy.source = "assert True"
    nb.cells.insert(1, copy)  # an edited copy above the original: the original stays tracked
    nb.cells[2]["id"] = nb.cells[3]["id"]  # duplicated cell ids
    stranger = new_code_cell(
        "x = 1",
        metadata={
            "nbgrader": {
                "grade": True,
                "grade_id": "other_check",
                "locked": True,
                "points": 5,
                "solution": False,
                "schema_version": 3,
            }
        },
    )
    nb.cells += [stranger, new_markdown_cell("notes"), new_code_cell("y = 2")]
    release_ids = {c["id"] for c in _release().cells}
    prepared = repair.prepare_submission(_write(tmp_path, nb), A, source_cells, release_ids)
    assert prepared.reason == ""
    assert _tracked(prepared.nb) == [c.name for c in source_cells]
    assert "nbgrader" not in prepared.nb.cells[1].metadata  # the earlier copy runs as plain code
    assert len({c["id"] for c in prepared.nb.cells}) == len(prepared.nb.cells)
    notes = " ".join(prepared.notes)
    for expected in [
        "cell ids made unique",
        "duplicated cells count_dense_params_bias",
        "1 cells from another notebook",
        "4 cells added by the student",
    ]:
        assert expected in notes, notes


def test_edited_check_cells_are_reported(tmp_path, source_cells):
    nb = _release()
    ids = _ids(nb)
    nb.cells[ids.index("count_dense_params_bias")].source = "pass"
    nb.cells[ids.index("build_mlp_layers")].metadata["nbgrader"]["points"] = 10
    prepared = repair.prepare_submission(_write(tmp_path, nb), A, source_cells)
    assert prepared.notes == [
        "edited check cells restored to the original: count_dense_params_bias, build_mlp_layers"
    ]


def test_a_notebook_of_another_lesson_is_named(tmp_path, source_cells):
    nb = _release()
    nb.cells[0].source = "# Lesson 03 — RNN batch size\n"
    for cell in nb.cells:
        if cell.metadata.get("nbgrader"):
            cell.metadata["nbgrader"]["grade_id"] = "rnn_" + cell.metadata["nbgrader"]["grade_id"]
    path = _write(tmp_path, nb)
    prepared = repair.prepare_submission(path, A, source_cells)
    assert prepared.reason == (
        f"not a notebook of {A}: none of its 12 exercise/check cells are in it; "
        "its title: 'Lesson 03 — RNN batch size'"
    )
    prepared = repair.prepare_submission(
        path, A, source_cells, identify=lambda ids: ("03_rnn", len(ids))
    )
    assert prepared.reason == f"a notebook of 03_rnn (12 of its exercise/check cells), not of {A}"


def test_out_of_order_names_the_moved_cells():
    assert repair.out_of_order([0, 1, 2, 3], list("abcd")) == []
    assert repair.out_of_order([0, 2, 3, 1], list("abcd")) == ["d"]
    assert repair.out_of_order([3, 0, 1, 2], list("abcd")) == ["a"]


def test_nbgrader_settings_of_tracked_cells_are_reset_to_the_gradebooks(tmp_path, source_cells):
    nb = _release()
    ids = _ids(nb)
    nb.cells[ids.index("count_dense_params_code")].metadata["nbgrader"].update(
        grade=True, points=10, locked=True
    )
    nb.cells[ids.index("build_mlp_layers")].metadata["nbgrader"]["locked"] = False
    prepared = repair.prepare_submission(_write(tmp_path, nb), A, source_cells)
    assert prepared.notes == [
        "edited check cells restored to the original: build_mlp_layers",
        "nbgrader settings of exercise cells restored: count_dense_params_code",
    ]
    code = prepared.nb.cells[ids.index("count_dense_params_code")].metadata["nbgrader"]
    assert (code["grade"], code["locked"], code["solution"], "points" in code) == (
        False,
        False,
        True,
        False,
    )
