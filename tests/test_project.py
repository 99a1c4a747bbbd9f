"""Check the project files that set the course up: dependencies, config, Makefile, README."""

import re
import subprocess
import sys
import tomllib

import pytest

from tests.support import REPO, assignment_ids, normalize_requirement, pip_entries

LESSONS = {
    "01_input_layer_vs_features", "02_batch_size_epochs_iterations", "03_rnn_batch_vs_timesteps",
    "04_lstm_input_shape", "05_variable_length_batches", "06_sliding_windows",
    "07_forecasting_a_real_series", "08_batch_size_and_generalization", "09_outputs_and_targets",
    "10_inference_and_pipelines", "11_several_inputs_and_outputs", "12_what_fit_takes",
}


def _pyproject():
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = _pyproject()["project"]
    extras = project["optional-dependencies"]
    wanted = project["dependencies"] + [spec for extra in extras.values() for spec in extra]
    listed = [entry for entry in pip_entries(REPO / "environment.yml") if not entry.startswith("-e")]
    assert sorted(map(normalize_requirement, listed)) == sorted(map(normalize_requirement, wanted)), (
        "environment.yml and pyproject.toml disagree")
    assert "-e ." in pip_entries(REPO / "environment.yml"), "environment.yml must install the helpers package"


def test_dependencies_admit_the_installed_versions():
    from importlib.metadata import version

    from packaging.requirements import Requirement

    project = _pyproject()["project"]
    extras = project["optional-dependencies"]
    for spec in project["dependencies"] + [s for extra in extras.values() for s in extra]:
        req = Requirement(spec)
        assert req.specifier.contains(version(req.name), prereleases=True), (
            f"installed {req.name} {version(req.name)} is outside {spec}")


def test_assignment_ids_are_the_fixed_lesson_ids():
    assert set(assignment_ids()) <= LESSONS, f"unknown assignment ids: {set(assignment_ids()) - LESSONS}"
    assert "01_input_layer_vs_features" in assignment_ids()


def test_nbgrader_config_points_at_the_course_layout():
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()
    assert config.CourseDirectory.source_directory == "solutions"
    assert config.CourseDirectory.release_directory == "notebooks"
    assert config.CourseDirectory.root == str(REPO)
    assert config.CourseDirectory.course_id
    assert "execution" in config.ClearOutput.remove_metadata_fields
    assert "--IPKernelApp.capture_fd_output=False" in config.Execute.extra_arguments
    names = [p if isinstance(p, str) else p.__name__ for p in config.GenerateFeedback.preprocessors]
    assert "ClearHiddenTests" in names and "grader.feedback.HideTestTracebacks" in names
    steps = [p if isinstance(p, str) else p.__name__ for p in config.GenerateAssignment.preprocessors]
    assert "grader.release.StripNbvalMarkers" in steps


def test_gitignore_keeps_grading_output_and_the_venv_out_of_git():
    ignored = (REPO / ".gitignore").read_text().split()
    for entry in [".venv/", "gradebook.db", "submitted/", "autograded/", "feedback/", "dist/"]:
        assert entry in ignored


def test_ci_runs_make_test():
    assert "make test" in (REPO / ".ci" / "run").read_text()


@pytest.mark.parametrize("target", ["lab", "test", "release", "install", "site"])
def test_makefile_targets_exist(target):
    proc = subprocess.run(["make", "-n", target], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_make_lab_starts_jupyterlab_on_the_course_with_allow_root_only_for_root():
    proc = subprocess.run(["make", "-n", "lab"], cwd=REPO, capture_output=True, text=True)
    line = [l for l in proc.stdout.splitlines() if "jupyter lab" in l][-1]
    assert "--ServerApp.root_dir=" in line and "/lab/tree/notebooks" in line
    import os

    assert ("--allow-root" in line) == (os.geteuid() == 0)


def test_readme_lists_every_lesson_and_the_two_commands():
    readme = (REPO / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    for assignment in assignment_ids():
        assert assignment in readme, f"README's lesson table misses {assignment}"


def test_grading_dependencies_are_not_in_the_test_extra():
    """`make grade`'s run-time needs (Dask, the PostgreSQL driver) are the `grade` extra."""
    extras = _pyproject()["project"]["optional-dependencies"]
    names = lambda specs: {re.split(r"[<>=\[ ]", s)[0].lower() for s in specs}
    assert {"dask", "psycopg2-binary"} <= names(extras["grade"])
    assert not names(extras["grade"]) & names(extras["test"])


def test_no_tracked_file_refers_outside_the_repository():
    """The repository stands alone: a user who clones it has nothing beside it."""
    proc = subprocess.run(["git", "grep", "-lE", r"\.\./shared/", "--", "."], cwd=REPO,
                          capture_output=True, text=True)
    assert proc.stdout.split() == [], f"files that point outside the repository: {proc.stdout.split()}"


def test_make_help_lists_the_commands_from_their_comments():
    proc = subprocess.run(["make", "help"], cwd=REPO, capture_output=True, text=True)
    for target in ("lab", "test", "check", "release", "outputs", "grade", "bundle", "site"):
        assert re.search(rf"^  make {target}\s+\S", proc.stdout, re.M), f"make help misses {target}"


def test_static_check_finds_no_unused_imports_or_undefined_names():
    proc = subprocess.run([sys.executable, "-m", "pyflakes", "grader", "helpers", "tests", "benchmarks"],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stdout, proc.stdout + proc.stderr

