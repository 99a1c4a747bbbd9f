"""The command line and the course configuration: exit codes, messages, guarded kernels."""

import shutil

from grader import cli, converters
from tests.support import REPO

A = "01_input_layer_vs_features"


def test_course_config_guards_every_grading_kernel():
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()
    defaults = Autograde.class_traits()["autograde_preprocessors"].default()
    expected = ["grader.kernel.GuardedExecute" if p is Execute else p for p in defaults]
    assert list(config.Autograde.autograde_preprocessors) == expected, (
        "nbgrader's autograde preprocessors changed: keep nbgrader_config.py in step"
    )
    assert config.GuardedExecute.memory_limit_mb > 0 and config.GuardedExecute.max_output_chars > 0
    names = [p if isinstance(p, str) else p.__name__ for p in config.GenerateFeedback.preprocessors]
    assert names.index("grader.feedback.HideHiddenTestText") < names.index(
        "grader.feedback.ClearHiddenTestsInChecks"
    )
    assert converters.guarded_preprocessors(config) == list(
        config.Autograde.autograde_preprocessors
    )


def test_grade_command_refuses_to_start_without_a_course(tmp_path, capsys):
    assert cli.main(["grade", A, "--course", str(tmp_path)]) == 2
    assert "no nbgrader_config.py" in capsys.readouterr().err


def test_grade_command_names_a_missing_gradebook(tmp_path, capsys):
    """(An assignment missing from the gradebook: tests/system/test_grade_class.py.)"""
    shutil.copy(REPO / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    assert cli.main(["grade", A, "--course", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"no gradebook at {tmp_path / 'gradebook.db'}" in err and "make release" in err, err


def test_bundle_command_names_a_missing_release(tmp_path, capsys):
    (tmp_path / "notebooks").mkdir()
    assert cli.main(["bundle", "01_no_such_lesson", "--root", str(tmp_path)]) == 2
    assert (
        "no released notebook for 01_no_such_lesson: run `make release`" in capsys.readouterr().err
    )


def test_copy_gradebook_command_exits_2_on_a_bad_url(tmp_path, capsys):
    assert (
        cli.main(
            ["copy-gradebook", f"sqlite:///{tmp_path / 'none' / 'x.db'}", "sqlite:///:memory:"]
        )
        == 2
    )
    assert capsys.readouterr().err.startswith("copy-gradebook: ")


def test_workers_and_serial_are_exclusive(capsys):
    import pytest

    with pytest.raises(SystemExit) as exc:
        cli.main(["grade", A, "--serial", "--workers", "2"])
    assert exc.value.code == 2 and "not allowed with" in capsys.readouterr().err
