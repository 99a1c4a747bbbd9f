"""Check what nbgrader's Validate button tells a self-study student, for every lesson.

`nbgrader validate` exits 0 even when validation fails, so this uses
``nbgrader.validator.Validator`` directly (what the JupyterLab Validate button calls).
"""

import shutil

import pytest

from tests.support import assignment_ids, release_path, solution_path

ASSIGNMENTS = assignment_ids()


def _validate(path, tmp_path):
    from nbgrader.validator import Validator
    from traitlets.config import Config

    tmp_path.mkdir(parents=True, exist_ok=True)
    copy = tmp_path / path.name  # Validate runs the notebook: never on the repo's own file
    shutil.copy2(path, copy)
    for extra in path.parent.iterdir():
        if extra.is_file() and extra.suffix != ".ipynb":
            shutil.copy2(extra, tmp_path / extra.name)
    config = Config(
        {"Execute": {"extra_arguments": ["--IPKernelApp.capture_fd_output=False"], "timeout": 300}}
    )
    return Validator(config=config).validate(str(copy))


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_validate_passes_the_solution_and_fails_the_blank_release(assignment, tmp_path):
    solved = _validate(solution_path(assignment), tmp_path / "solution")
    assert solved == {}, f"Validate reports problems on the solution: {solved}"
    blank = _validate(release_path(assignment), tmp_path / "release")
    assert "failed" in blank and len(blank["failed"]) >= 1, (
        f"Validate passes the blank release: {blank}"
    )
