"""Fast tests of the grading pieces (no grading kernel, no TensorFlow): the submission checks
and repairs of helpers.grade_cli, the output bound of helpers.grading.GuardedExecute, the
feedback scrubber, the kernel memory cap, the report formats and the course config."""

import json
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from coursetools import REPO, release_path, solution_path

from helpers import grade_cli, grading, kernel_guard

A = "01_input_layer_vs_features"


# ------------------------------------------------------------------------------------------
# prepare_submission: what nbgrader would get wrong, repaired or reported before it runs
# ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def source_cells():
    """Lesson 01's tracked cells as the gradebook stores them (full test source)."""
    from nbgrader.utils import compute_checksum

    nb = nbformat.read(solution_path(A), as_version=4)
    cells = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if not meta:
            continue
        cells.append(grade_cli.SourceCell(
            name=meta["grade_id"], cell_type=cell.cell_type, locked=bool(meta.get("locked")),
            checksum=compute_checksum(cell), source=cell.source,
            points=float(meta["points"]) if meta.get("grade") else None, solution=bool(meta.get("solution"))))
    return cells


def _release():
    return nbformat.read(release_path(A), as_version=4)


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
    return [c.metadata.get("nbgrader", {}).get("grade_id") or c.get("id") for c in nb.cells]


def _tracked(nb):
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")]


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file (0 bytes)"),
    ("  \n", "empty file (only whitespace)"),
    (b"\x89PNG\r\n\x1a\n\xff\xfe", "binary data"),
    ('{"cells": [', "stops in the middle"),
    ("print('hello')", "not valid JSON: Expecting value at line 1"),
    ('{"a": 1} {"b": 2}', "not valid JSON: Extra data"),
    ("[1, 2, 3]", "not a Jupyter notebook"),
    ('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": 7}', "not a readable notebook"),
    ('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "picture"}]}',
     "not a readable notebook"),
])
def test_unreadable_files_are_ungradable_with_a_reason(tmp_path, source_cells, content, reason):
    prepared = grade_cli.prepare_submission(_write(tmp_path, content), A, source_cells)
    assert prepared.nb is None and reason in prepared.reason


def test_a_missing_or_renamed_notebook_is_named(tmp_path, source_cells):
    _write(tmp_path, _release(), "homework (1).ipynb")
    prepared = grade_cli.prepare_submission(tmp_path / f"{A}.ipynb", A, source_cells)
    assert prepared.reason == f"no {A}.ipynb in the submission (found homework (1).ipynb: renamed?)"


def test_the_release_as_it_is_needs_no_repair(tmp_path, source_cells):
    release_ids = {c["id"] for c in _release().cells}
    prepared = grade_cli.prepare_submission(_write(tmp_path, _release()), A, source_cells, release_ids)
    assert prepared.reason == "" and prepared.notes == []
    assert _ids(prepared.nb) == _ids(_release())


def test_deleted_check_cells_are_put_back_after_the_cell_before_them(tmp_path, source_cells):
    nb = _release()
    gone = {"count_dense_params_matches_keras", "build_mlp_code", "build_mlp_input_shape", "build_mlp_layers"}
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in gone]
    prepared = grade_cli.prepare_submission(_write(tmp_path, nb), A, source_cells)
    tracked = _tracked(prepared.nb)
    assert tracked == [c.name for c in source_cells if c.name != "build_mlp_code"]
    restored = prepared.nb.cells[[_ids(prepared.nb).index("count_dense_params_matches_keras")][0]]
    assert restored.metadata["nbgrader"]["points"] == 1 and restored.metadata["editable"] is False
    assert "BEGIN HIDDEN TESTS" in restored.source  # the gradebook's version, as nbgrader restores it
    notes = " ".join(prepared.notes)
    assert "deleted check cells restored from the gradebook: count_dense_params_matches_keras, " \
           "build_mlp_input_shape, build_mlp_layers" in notes
    assert "exercise cells deleted (their functions may be missing): build_mlp_code" in notes


def test_moved_check_cells_go_back_after_what_they_check(tmp_path, source_cells):
    nb = _release()
    ids = _ids(nb)
    nb.cells.insert(0, nb.cells.pop(ids.index("build_mlp_input_shape")))  # a check to the very top
    ids = _ids(nb)
    solution = nb.cells.pop(ids.index("batch_rows_code"))  # an exercise below its checks
    nb.cells.insert(_ids(nb).index("batch_rows_partial_last") + 1, solution)
    prepared = grade_cli.prepare_submission(_write(tmp_path, nb), A, source_cells)
    ids = _ids(prepared.nb)
    assert ids.index("cell-02") < ids.index("build_mlp_input_shape"), "the setup cell must still come first"
    assert ids.index("build_mlp_code") + 1 == ids.index("build_mlp_input_shape")
    assert ids.index("batch_rows_code") + 1 == ids.index("batch_rows_seed_example")
    assert ids.index("batch_rows_seed_example") + 1 == ids.index("batch_rows_partial_last")
    assert any("out of order" in n for n in prepared.notes)


def test_duplicates_foreign_cells_and_extra_cells(tmp_path, source_cells):
    nb = _release()
    copy = nbformat.from_dict(json.loads(json.dumps(nb.cells[_ids(nb).index("count_dense_params_bias")])))
    copy.source = "assert True"
    nb.cells.insert(1, copy)  # an edited copy above the original: the original stays tracked
    nb.cells[2]["id"] = nb.cells[3]["id"]  # duplicated cell ids
    stranger = new_code_cell("x = 1", metadata={"nbgrader": {"grade": True, "grade_id": "other_check",
                                                            "locked": True, "points": 5, "solution": False,
                                                            "schema_version": 3}})
    nb.cells += [stranger, new_markdown_cell("notes"), new_code_cell("y = 2")]
    release_ids = {c["id"] for c in _release().cells}
    prepared = grade_cli.prepare_submission(_write(tmp_path, nb), A, source_cells, release_ids)
    assert prepared.reason == ""
    assert _tracked(prepared.nb) == [c.name for c in source_cells]
    assert "nbgrader" not in prepared.nb.cells[1].metadata  # the earlier copy runs as plain code
    assert len({c["id"] for c in prepared.nb.cells}) == len(prepared.nb.cells)
    notes = " ".join(prepared.notes)
    for expected in ["cell ids made unique", "duplicated cells count_dense_params_bias",
                     "1 cells from another notebook", "4 cells added by the student"]:
        assert expected in notes, notes


def test_edited_check_cells_are_reported(tmp_path, source_cells):
    nb = _release()
    ids = _ids(nb)
    nb.cells[ids.index("count_dense_params_bias")].source = "pass"
    nb.cells[ids.index("build_mlp_layers")].metadata["nbgrader"]["points"] = 10
    prepared = grade_cli.prepare_submission(_write(tmp_path, nb), A, source_cells)
    assert prepared.notes == ["edited check cells restored to the original: count_dense_params_bias, build_mlp_layers"]


def test_a_notebook_of_another_lesson_is_named(tmp_path, source_cells):
    nb = _release()
    nb.cells[0].source = "# Lesson 03 — RNN batch size\n"
    for cell in nb.cells:
        if cell.metadata.get("nbgrader"):
            cell.metadata["nbgrader"]["grade_id"] = "rnn_" + cell.metadata["nbgrader"]["grade_id"]
    path = _write(tmp_path, nb)
    prepared = grade_cli.prepare_submission(path, A, source_cells)
    assert prepared.reason == (f"not a notebook of {A}: none of its 12 exercise/check cells are in it; "
                               "its title: 'Lesson 03 — RNN batch size'")
    prepared = grade_cli.prepare_submission(path, A, source_cells, identify=lambda ids: ("03_rnn", len(ids)))
    assert prepared.reason == f"a notebook of 03_rnn (12 of its exercise/check cells), not of {A}"


def test_out_of_order_names_the_moved_cells():
    assert grade_cli._out_of_order([0, 1, 2, 3], list("abcd")) == []
    assert grade_cli._out_of_order([0, 2, 3, 1], list("abcd")) == ["d"]
    assert grade_cli._out_of_order([3, 0, 1, 2], list("abcd")) == ["a"]


# ------------------------------------------------------------------------------------------
# GuardedExecute's output bound, the feedback scrubber, the memory cap
# ------------------------------------------------------------------------------------------
def _msg(msg_type, **content):
    return {"msg_type": msg_type, "content": content, "parent_header": {"msg_id": "m1"},
            "header": {"msg_type": msg_type}}


def test_output_beyond_the_bound_is_dropped_but_errors_and_stderr_are_kept():
    ep = grading.GuardedExecute(max_output_chars=100)
    ep.reset_execution_trackers()
    ep.clear_before_next_output = False
    ep._output_chars, ep._truncated, ep._kept_stderr = 0, False, False
    outs = []
    ep.output(outs, _msg("stream", name="stdout", text="a" * 60), None, 0)
    ep.output(outs, _msg("stream", name="stdout", text="b" * 60), None, 0)  # 40 kept, rest cut
    for _ in range(1000):
        ep.output(outs, _msg("stream", name="stdout", text="c" * 1000), None, 0)
    ep.output(outs, _msg("stream", name="stderr", text="warning " * 1000), None, 0)
    ep.output(outs, _msg("error", ename="ValueError", evalue="v" * 10_000, traceback=["t" * 10_000] * 50), None, 0)
    kinds = [(o.output_type, o.get("name")) for o in outs]
    assert kinds == [("stream", "stdout"), ("stream", "stdout"), ("stream", "stdout"),
                     ("stream", "stderr"), ("error", None)]
    assert outs[1].text == "b" * 40
    assert grading.TRUNCATED in outs[2].text and "100 characters" in outs[2].text
    assert 0 < len(outs[3].text) <= 2000
    assert outs[4].ename == "ValueError" and len(outs[4].evalue) <= 2000 and len(outs[4].traceback) <= 20
    assert sum(len(o.get("text", "")) for o in outs) < 3000


def test_hidden_test_lines_printed_by_student_code_are_scrubbed_from_feedback():
    hidden = "assert int(_got) == _nf * _units + _units, 'wrong count'"
    test = new_code_cell(f"checks.check_true(True, 'x', 'y')\n### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS",
                         metadata={"nbgrader": {"grade": True, "grade_id": "t", "locked": True, "points": 1,
                                                "solution": False, "schema_version": 3}})
    test.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=f'  File "<cell>", line 3\n    {hidden}\n'),
        nbformat.v4.new_output("error", ename="AssertionError", evalue=f"caller: \x1b[0;31m{hidden}\x1b[0m",
                               traceback=[f"\x1b[1m{hidden}\x1b[0m"]),
    ]
    other = new_code_cell("show()", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/plain": hidden, "text/html": f"<pre>{hidden.replace(chr(39), '&#x27;')}</pre>"})])
    nb = new_notebook(cells=[test, other])
    nb, _ = grading.HideHiddenTestText().preprocess(nb, {})
    text = json.dumps(nb.cells[0].outputs) + json.dumps(nb.cells[1].outputs)
    assert "_nf * _units" not in text and "[hidden test line]" in text
    assert "BEGIN HIDDEN TESTS" in nb.cells[0].source  # the source is ClearHiddenTests' job


def test_kernel_guard_caps_memory_and_rejects_bad_options():
    code = ("try:\n    bytearray(600 * 1024 * 1024)\n    print('allocated')\n"
            "except MemoryError:\n    print('MemoryError')")
    proc = subprocess.run([sys.executable, "-m", "helpers.kernel_guard", "--memory-mb", "256", "--",
                           sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "MemoryError", proc.stderr
    for bad in (["--memory-mb", "x", "--", "true"], ["--", "true"], ["--memory-mb", "5"], ["--oops", "1", "--", "true"]):
        assert kernel_guard.main(bad) == 2
    assert kernel_guard.set_memory_limit(0) == 0
    with pytest.raises(ValueError):
        kernel_guard.set_memory_limit(-1)


def test_guarded_kernel_command_goes_through_the_guard():
    km = grading.GuardedKernelManager(kernel_name="python3")
    km.memory_limit_mb, km.kernel_log = 512, "/tmp/k.log"
    cmd = km.format_kernel_cmd()
    assert cmd[:7] == [sys.executable, "-m", "helpers.kernel_guard", "--memory-mb", "512", "--log", "/tmp/k.log"]
    assert cmd[7] == "--" and "ipykernel_launcher" in " ".join(cmd[8:])
    km.memory_limit_mb, km.kernel_log = 0, ""
    assert "helpers.kernel_guard" not in km.format_kernel_cmd()


# ------------------------------------------------------------------------------------------
# Report formats and configuration
# ------------------------------------------------------------------------------------------
def test_csv_and_table_list_every_student_with_status_and_reason(tmp_path):
    results = [
        grade_cli.GradeResult(student="b", status=grade_cli.UNGRADABLE, reason="empty file (0 bytes)", max_score=8),
        grade_cli.GradeResult(student="a", status=grade_cli.GRADED, score=6, max_score=8,
                              failed=["x_one", "x_two"], reason="restored, with a comma"),
    ]
    path = grade_cli.write_csv(results, tmp_path / "g" / "grades.csv")
    assert path.read_text().splitlines() == [
        "student_id,status,score,max_score,failed_checks,reason",
        'a,graded,6,8,x_one;x_two,"restored, with a comma"',
        "b,ungradable,,8,,empty file (0 bytes)",
    ]
    table = grade_cli.format_table(results).splitlines()
    assert table[0].split() == ["student", "status", "score", "reason"]
    assert table[2].split()[:3] == ["a", "graded", "6/8"] and table[3].split()[:3] == ["b", "ungradable", "-"]


def test_course_config_guards_every_grading_kernel():
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()
    defaults = Autograde.class_traits()["autograde_preprocessors"].default()
    expected = ["helpers.grading.GuardedExecute" if p is Execute else p for p in defaults]
    assert list(config.Autograde.autograde_preprocessors) == expected, (
        "nbgrader's autograde preprocessors changed: keep nbgrader_config.py in step")
    assert config.GuardedExecute.memory_limit_mb > 0 and config.GuardedExecute.max_output_chars > 0
    names = [p if isinstance(p, str) else p.__name__ for p in config.GenerateFeedback.preprocessors]
    assert names.index("helpers.grading.HideHiddenTestText") < names.index("ClearHiddenTests")
    assert grade_cli._guarded_preprocessors(config) == list(config.Autograde.autograde_preprocessors)


def test_grade_command_refuses_to_start_without_a_course(tmp_path, capsys):
    assert grade_cli.main([A, "--course", str(tmp_path)]) == 2
    assert "no nbgrader_config.py" in capsys.readouterr().err


def test_grade_command_names_a_missing_gradebook(tmp_path, capsys):
    """(An assignment missing from the gradebook: tests/test_grade_parallel.py.)"""
    import shutil

    shutil.copy(REPO / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    assert grade_cli.main([A, "--course", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"no gradebook at {tmp_path / 'gradebook.db'}" in err and "make release" in err, err


def test_nbgrader_settings_of_tracked_cells_are_reset_to_the_gradebooks(tmp_path, source_cells):
    nb = _release()
    ids = _ids(nb)
    nb.cells[ids.index("count_dense_params_code")].metadata["nbgrader"].update(grade=True, points=10, locked=True)
    nb.cells[ids.index("build_mlp_layers")].metadata["nbgrader"]["locked"] = False
    prepared = grade_cli.prepare_submission(_write(tmp_path, nb), A, source_cells)
    assert prepared.notes == ["edited check cells restored to the original: build_mlp_layers",
                              "nbgrader settings of exercise cells restored: count_dense_params_code"]
    code = prepared.nb.cells[ids.index("count_dense_params_code")].metadata["nbgrader"]
    assert (code["grade"], code["locked"], code["solution"], "points" in code) == (False, False, True, False)


# ------------------------------------------------------------------------------------------
# grade_parallel: the cores are shared out between the workers' kernels
# ------------------------------------------------------------------------------------------
def test_kernel_threads_are_the_cores_shared_between_workers():
    from helpers.grade_parallel import KERNEL_THREAD_VARS, kernel_thread_env

    assert kernel_thread_env(2, cores=2, environ={}) == {var: "1" for var in KERNEL_THREAD_VARS}
    assert kernel_thread_env(2, cores=8, environ={}) == {var: "4" for var in KERNEL_THREAD_VARS}
    assert kernel_thread_env(3, cores=8, environ={}) == {var: "2" for var in KERNEL_THREAD_VARS}
    assert kernel_thread_env(4, cores=2, environ={}) == {var: "1" for var in KERNEL_THREAD_VARS}
    # one worker, or an instructor's own setting: left alone
    assert kernel_thread_env(1, cores=2, environ={}) == {}
    assert kernel_thread_env(2, cores=2, environ={"OMP_NUM_THREADS": "2"}) == {
        "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}
