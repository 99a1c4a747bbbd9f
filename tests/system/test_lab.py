"""Check that `make lab` serves JupyterLab on the course, with nbgrader's extensions."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.support import REPO

pytestmark = pytest.mark.slow  # starts a server


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`make lab` on a free loopback port; stopped (with its children) at the end."""
    home = tmp_path_factory.mktemp("lab-home")
    port, token = _free_port(), "course-test-token"
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        IPYTHONDIR=str(home / "ipython"),
    )
    args = (
        f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.port_retries=0 "
        f"--IdentityProvider.token={token}"
    )
    log = open(home / "lab.log", "w")
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                _get(f"{base}/api/status?token={token}", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if proc.poll() is not None or time.time() > deadline:
                    log.flush()
                    pytest.fail(
                        "make lab did not serve JupyterLab:\n"
                        + (home / "lab.log").read_text()[-3000:]
                    )
                time.sleep(0.5)
        yield base, token
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_lab_opens_on_the_student_notebooks(lab):
    base, token = lab
    status, body = _get(f"{base}/api/contents/notebooks?token={token}")
    names = {item["name"] for item in json.loads(body)["content"]}
    released = {p.name for p in (REPO / "notebooks").iterdir() if p.is_dir()}
    assert status == 200 and "01_input_layer_vs_features" in names and released <= names
    status, page = _get(f"{base}/lab/tree/notebooks?token={token}")
    assert status == 200 and "JupyterLab" in page


def test_lab_has_the_nbgrader_extensions(lab):
    base, token = lab
    status, body = _get(f"{base}/lab/api/extensions?token={token}")
    names = {ext["name"] for ext in json.loads(body)}
    assert "jupyter-nbgrader" in names  # the @jupyter/nbgrader labextension
    status, page = _get(f"{base}/formgrader?token={token}")
    assert status == 200 and "formgrade" in page.lower()
