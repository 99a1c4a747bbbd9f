"""Check the project files that set the course up: dependencies, config, Makefile, README."""

import re
import subprocess
import tomllib

import pytest

from tests.support import REPO, assignment_ids, normalize_requirement, pip_entries


def _pyproject():
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = _pyproject()["project"]
    extras = project["optional-dependencies"]
    wanted = project["dependencies"] + [spec for extra in extras.values() for spec in extra]
    listed = [
        entry for entry in pip_entries(REPO / "environment.yml") if not entry.startswith("-e")
    ]
    assert sorted(map(normalize_requirement, listed)) == sorted(
        map(normalize_requirement, wanted)
    ), "environment.yml and pyproject.toml disagree"
    assert "-e ." in pip_entries(REPO / "environment.yml"), (
        "environment.yml must install the helpers package"
    )


def _extras_make_install_installs():
    """The extras of the Makefile's ``pip install -e '.[...]'``; the others (``hub``, installed by
    ``make hub-deps`` as root) are checked only where they are installed."""
    install = re.search(
        r"pip install --quiet -e '\.\[([a-z,]+)\]'", (REPO / "Makefile").read_text()
    )
    assert install, "the Makefile's install step no longer installs the project with extras"
    return tuple(install.group(1).split(","))


def test_dependencies_admit_the_installed_versions():
    from importlib.metadata import PackageNotFoundError, version

    from packaging.requirements import Requirement

    project = _pyproject()["project"]
    required = ("", *_extras_make_install_installs())
    for extra, specs in {"": project["dependencies"], **project["optional-dependencies"]}.items():
        for spec in specs:
            req = Requirement(spec)
            try:
                installed = version(req.name)
            except PackageNotFoundError:
                assert extra not in required, f"{req.name} ({spec}) is not installed"
                continue
            assert req.specifier.contains(installed, prereleases=True), (
                f"installed {req.name} {installed} is outside {spec}"
            )


def test_assignment_ids_are_the_lessons_numbered_from_01():
    """The lesson folders (the one list of lessons): ``NN_snake_case``, numbered 01, 02, ... with
    no gap or repeat."""
    ids = assignment_ids()
    unknown = [i for i in ids if not re.fullmatch(r"\d\d_[a-z0-9]+(_[a-z0-9]+)*", i)]
    assert unknown == [], f"lesson folders not named NN_snake_case: {unknown}"
    assert [int(i[:2]) for i in ids] == list(range(1, len(ids) + 1)), (
        f"lessons not numbered 01..NN: {ids}"
    )
    assert "01_input_layer_vs_features" in ids


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
    assert (
        "grader.feedback.ClearHiddenTestsInChecks" in names
        and "grader.feedback.HideTestTracebacks" in names
    )
    steps = [
        p if isinstance(p, str) else p.__name__ for p in config.GenerateAssignment.preprocessors
    ]
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


def test_readme_is_an_overview_whose_links_lead_to_files_that_exist():
    """The manual lives in docs/; the README stays short and every local link it has resolves."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= 8192, "README.md is over 8 KB: move the detail into docs/"
    links = [
        link.split("#")[0]
        for link in re.findall(r"\]\(([^)\s]+)\)", readme)
        if not re.match(r"[a-z]+:", link)
    ]
    assert "docs/grading.md" in links and "benchmarks/README.md" in links
    missing = [link for link in links if link and not (REPO / link).exists()]
    assert not missing, f"README.md links to files that do not exist: {missing}"


def test_grading_dependencies_are_not_in_the_test_extra():
    """`make grade`'s run-time needs (Dask, the PostgreSQL driver) are the `grade` extra."""
    extras = _pyproject()["project"]["optional-dependencies"]
    names = lambda specs: {re.split(r"[<>=\[ ]", s)[0].lower() for s in specs}
    assert {"dask", "psycopg2-binary"} <= names(extras["grade"])
    assert not names(extras["grade"]) & names(extras["test"])


def test_no_tracked_file_refers_outside_the_repository():
    """The repository stands alone: a user who clones it has nothing beside it."""
    proc = subprocess.run(
        ["git", "grep", "-lE", r"\.\./shared/", "--", "."], cwd=REPO, capture_output=True, text=True
    )
    assert proc.stdout.split() == [], (
        f"files that point outside the repository: {proc.stdout.split()}"
    )


def test_make_help_lists_the_commands_from_their_comments():
    proc = subprocess.run(["make", "help"], cwd=REPO, capture_output=True, text=True)
    for target in ("lab", "test", "check", "release", "outputs", "grade", "bundle", "site"):
        assert re.search(rf"^  make {target}\s+\S", proc.stdout, re.M), f"make help misses {target}"


@pytest.mark.parametrize("target", ["check", "test"])
def test_make_runs_the_linter_and_the_format_check_before_the_tests(target):
    proc = subprocess.run(
        [
            "make",
            "-n",
            "-o",
            ".venv/.installed",
            "-o",
            "browser-deps",
            "-o",
            "sandbox-deps",
            target,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    lines = proc.stdout.splitlines()
    steps = [
        next((i for i, line in enumerate(lines) if command in line), None)
        for command in ("ruff check .", "ruff format --check .", "-m pytest")
    ]
    assert None not in steps and steps == sorted(steps), proc.stdout + proc.stderr


def test_every_module_of_helpers_and_grader_reads_in_one_sitting():
    """House rule: no module of helpers/ or grader/ is over 400 lines."""
    long = {
        str(p.relative_to(REPO)): n
        for p in [*(REPO / "helpers").rglob("*.py"), *(REPO / "grader").rglob("*.py")]
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}, f"modules over 400 lines: {long}"
