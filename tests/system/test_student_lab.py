"""A student's JupyterLab is a student's, and nobody gets the "Jupyter news" pop-up.

JupyterLab is started with the settings ``student/lab_settings.py`` writes (as binder/postBuild,
`make install` and the student bundle's ``setup_lab.py`` run it), written into a stand-in
prefix (the real ``.venv`` is shared and left alone): its page config, which disables and locks
the instructor's nbgrader plugins, on ``JUPYTER_CONFIG_PATH``, and its ``overrides.json`` in
``--LabApp.app_settings_dir``.
Headless Chromium then reads the Nbgrader menu and the notifications. A control run without
the settings shows the news question and the instructor's tools, so the checks can fail.
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from student import lab_settings
from tests.support import REPO

pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

from tests.system.browser import (  # noqa: E402
    _hermetic_lab_env,
    chromium_browser,
    chromium_or_skip,
    free_port,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NEWS = "official Jupyter news"
INSTRUCTOR_ITEMS = {"Formgrader", "Create assignment", "Course List"}


@contextlib.contextmanager
def _lab(workdir, student, overrides):
    env = _hermetic_lab_env(workdir / "home")
    # _hermetic_lab_env turns the news off in the user's settings: here the course's files must
    (
        workdir
        / "home"
        / "lab-settings"
        / "@jupyterlab"
        / "apputils-extension"
        / "notification.jupyterlab-settings"
    ).unlink()
    args = []
    prefix = workdir / "prefix"
    lab_settings.write_settings(prefix=prefix, student=student)
    if student:
        env["JUPYTER_CONFIG_PATH"] = str(prefix / "etc" / "jupyter")
    if overrides:
        args.append(
            f"--LabApp.app_settings_dir={prefix / 'share' / 'jupyter' / 'lab' / 'settings'}"
        )
    port, token = free_port(), uuid.uuid4().hex
    cmd = [
        str(REPO / ".venv" / "bin" / "jupyter"),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={REPO}",
        *args,
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = workdir / "lab.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            cmd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/status?token={token}", timeout=3
                )
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/lab?token={token}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _what_lab_shows(workdir, student, overrides):
    """(notification texts after start, items of the Nbgrader menu)."""
    executable = chromium_or_skip(workdir)
    with (
        _lab(workdir, student, overrides) as url,
        chromium_browser(executable, workdir / "chromium") as browser,
    ):
        page = browser.new_page()
        page.goto(url, wait_until="domcontentloaded", timeout=180_000)
        page.wait_for_selector(".jp-DirListing-item", timeout=180_000)
        page.wait_for_timeout(8000)  # the news question comes a moment after start
        toasts = page.eval_on_selector_all(".Toastify__toast", "els => els.map(e => e.innerText)")
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Nbgrader$")).click()
        page.wait_for_selector(".lm-Menu .lm-Menu-itemLabel")
        items = page.eval_on_selector_all(
            ".lm-Menu li .lm-Menu-itemLabel", "els => els.map(e => e.innerText)"
        )
        return " ".join(toasts), {item for item in items if item}


def test_without_the_settings_lab_asks_about_news_and_shows_instructor_tools(tmp_path):
    """The control. `make install` puts the no-news setting into the venv itself, which every
    Lab started from it reads: then the question stays away even here."""
    toasts, items = _what_lab_shows(tmp_path, student=False, overrides=False)
    installed = (
        Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    ).exists()
    assert (NEWS in toasts) != installed, toasts
    assert INSTRUCTOR_ITEMS <= items


def test_an_instructor_lab_has_no_news_pop_up_and_keeps_formgrader(tmp_path):
    toasts, items = _what_lab_shows(tmp_path, student=False, overrides=True)
    assert NEWS not in toasts, toasts
    assert "Formgrader" in items and "Assignment List" in items


def test_a_student_lab_has_the_assignment_list_and_no_instructor_tools(tmp_path):
    toasts, items = _what_lab_shows(tmp_path, student=True, overrides=True)
    assert NEWS not in toasts, toasts
    assert "Assignment List" in items
    assert not items & INSTRUCTOR_ITEMS, (
        f"instructor tools in a student's lab: {items & INSTRUCTOR_ITEMS}"
    )
