"""binder/ (repo2docker) agrees with pyproject.toml, and the JupyterLab settings it writes name
plugins and settings that the installed JupyterLab and nbgrader really have."""

import json
import re
import tomllib
from pathlib import Path

from tests.support import REPO, normalize_requirement, pip_entries

BINDER = REPO / "binder"



def test_binder_environment_lists_the_course_dependencies_and_not_the_course():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    entries = pip_entries(BINDER / "environment.yml")
    assert not [e for e in entries if e.startswith("-e") or e in (".", "./")], (
        "repo2docker installs environment.yml before the repository is there: no `-e .`")
    assert sorted(map(normalize_requirement, entries)) == sorted(map(normalize_requirement, project["dependencies"]))
    python = re.search(r"^\s*- python=(\d+\.\d+)", (BINDER / "environment.yml").read_text(), re.M)
    low = re.search(r">=\s*(\d+\.\d+)", project["requires-python"]).group(1)
    assert python and tuple(map(int, python.group(1).split("."))) >= tuple(map(int, low.split(".")))


def test_post_build_installs_the_course_and_writes_the_kernel_setting_make_install_writes():
    post = (BINDER / "postBuild").read_text()
    assert post.startswith("#!/bin/bash") and (BINDER / "postBuild").stat().st_mode & 0o111
    assert "set -euo pipefail" in post
    assert re.search(r"pip install .*-e \.", post)
    makefile = (REPO / "Makefile").read_text()
    setting = "c.IPKernelApp.capture_fd_output = False"
    assert setting in makefile and setting in post
    assert "etc/ipython/ipython_kernel_config.py" in post
    assert "binder/overrides.json" in post and "binder/overrides.json" in makefile


def _venv_file(*parts):
    import sys

    return Path(sys.prefix, *parts)


def test_overrides_turn_off_the_jupyter_news_with_values_jupyterlab_accepts():
    overrides = json.loads((BINDER / "overrides.json").read_text())
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    schema = json.loads(_venv_file("share", "jupyter", "lab", "schemas", "@jupyterlab",
                                   "apputils-extension", "notification.json").read_text())
    allowed = [choice["const"] for choice in schema["properties"]["fetchNews"]["oneOf"]]
    assert notification["fetchNews"] == "false" and "false" in allowed
    assert set(notification) <= set(schema["properties"])


def test_post_build_disables_instructor_plugins_that_exist_and_keeps_the_students():
    import nbgrader

    post = (BINDER / "postBuild").read_text()
    loop = re.search(r"for plugin in ([^;]+); do\n(.*?)\ndone", post, re.S)
    disabled = loop.group(1).split()
    assert 'labextension disable --level=sys_prefix "$plugin"' in loop.group(2)
    assert 'labextension lock --level=sys_prefix "$plugin"' in loop.group(2)
    assert set(disabled) == {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                             "@jupyter/nbgrader:course-list"}
    static = Path(nbgrader.__file__).parent / "labextension" / "static"
    bundled = "".join(p.read_text(errors="replace") for p in static.glob("*.js"))
    for plugin in disabled + ["@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment"]:
        assert f'"{plugin}"' in bundled, f"nbgrader has no plugin {plugin}"
