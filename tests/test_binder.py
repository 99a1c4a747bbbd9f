"""binder/ (repo2docker) agrees with pyproject.toml, and the JupyterLab settings it writes name
plugins and settings that the installed JupyterLab and nbgrader really have."""

import json
import re
import tomllib
from pathlib import Path

from student import lab_settings
from tests.support import REPO, normalize_requirement, pip_entries

BINDER = REPO / "binder"


def test_binder_environment_lists_the_course_dependencies_and_not_the_course():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    entries = pip_entries(BINDER / "environment.yml")
    assert not [e for e in entries if e.startswith("-e") or e in (".", "./")], (
        "repo2docker installs environment.yml before the repository is there: no `-e .`"
    )
    assert sorted(map(normalize_requirement, entries)) == sorted(
        map(normalize_requirement, project["dependencies"])
    )
    python = re.search(r"^\s*- python=(\d+\.\d+)", (BINDER / "environment.yml").read_text(), re.M)
    low = re.search(r">=\s*(\d+\.\d+)", project["requires-python"]).group(1)
    assert python and tuple(map(int, python.group(1).split("."))) >= tuple(map(int, low.split(".")))


def test_post_build_installs_the_course_and_writes_the_kernel_setting_make_install_writes():
    post = (BINDER / "postBuild").read_text()
    assert post.startswith("#!/bin/bash") and (BINDER / "postBuild").stat().st_mode & 0o111
    assert "set -euo pipefail" in post
    assert re.search(r"pip install .*-e \.", post)
    makefile = (REPO / "Makefile").read_text()
    # one script writes the kernel and Lab settings for both (and the student bundle)
    assert "python student/lab_settings.py --student" in post
    assert "student/lab_settings.py --instructor" in makefile


def _venv_file(*parts):
    import sys

    return Path(sys.prefix, *parts)


def test_overrides_turn_off_the_jupyter_news_with_values_jupyterlab_accepts():
    notification = lab_settings.OVERRIDES["@jupyterlab/apputils-extension:notification"]
    schema = json.loads(
        _venv_file(
            "share",
            "jupyter",
            "lab",
            "schemas",
            "@jupyterlab",
            "apputils-extension",
            "notification.json",
        ).read_text()
    )
    allowed = [choice["const"] for choice in schema["properties"]["fetchNews"]["oneOf"]]
    assert notification["fetchNews"] == "false" and "false" in allowed
    assert set(notification) <= set(schema["properties"])


def test_the_student_settings_disable_instructor_plugins_that_exist_and_keep_the_students():
    import nbgrader

    disabled = list(lab_settings.INSTRUCTOR_PLUGINS)
    assert set(disabled) == {
        "@jupyter/nbgrader:formgrader",
        "@jupyter/nbgrader:create-assignment",
        "@jupyter/nbgrader:course-list",
    }
    static = Path(nbgrader.__file__).parent / "labextension" / "static"
    bundled = "".join(p.read_text(errors="replace") for p in static.glob("*.js"))
    for plugin in disabled + [
        "@jupyter/nbgrader:assignment-list",
        "@jupyter/nbgrader:validate-assignment",
    ]:
        assert f'"{plugin}"' in bundled, f"nbgrader has no plugin {plugin}"


def test_lab_settings_keep_what_the_environment_already_had(tmp_path):
    page_config = tmp_path / "etc" / "jupyter" / "labconfig" / "page_config.json"
    page_config.parent.mkdir(parents=True)
    page_config.write_text(
        json.dumps({"disabledExtensions": {"some-other:plugin": True}, "other": 1})
    )
    written = lab_settings.write_settings(prefix=tmp_path, student=True)
    assert page_config in written and len(written) == 3
    config = json.loads(page_config.read_text())
    assert config["other"] == 1 and config["disabledExtensions"]["some-other:plugin"] is True
    assert set(lab_settings.INSTRUCTOR_PLUGINS) <= set(config["disabledExtensions"]) & set(
        config["lockedExtensions"]
    )
    assert len(lab_settings.write_settings(prefix=tmp_path / "instructor", student=False)) == 2
    assert not (tmp_path / "instructor" / "etc" / "jupyter").exists()
