"""Real-browser test support: JupyterLab as `make lab` starts it, headless Chromium, page actions.

- :func:`chromium_or_skip` -- Debian's Chromium (installed with apt-get when running as root,
  otherwise the tests skip and say how to install it). Playwright never downloads a browser here.
- :func:`lab_server` -- ``make lab`` on a free loopback port, in a throw-away copy of the course
  (the real ``.venv`` is linked in, never reinstalled); stopped with its whole process group.
- :func:`chromium_browser` -- one headless Chromium with a HOME of its own.
- :class:`LabApp` -- one browser tab with JupyterLab 4.6 (menus, File > Open from Path…);
  :class:`NotebookPage` -- one notebook in it: Run All, outputs, Validate, cell locks, deleting
  (the selectors that work in JupyterLab 4.6 are listed in CONTRIBUTING.md, "Browser tests").
"""

import contextlib
import dataclasses
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import nbformat

from tests.support import BIN, NOISE_PATTERNS, REPO, assignment_ids, hermetic_env, nbgrader

#: how to get Chromium where the tests cannot install it themselves
INSTALL_HINT = (
    "install Debian's Chromium as root: `make browser-deps`, or "
    "`apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium`"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
NOISE = re.compile("|".join(NOISE_PATTERNS), re.MULTILINE)

STDERR_MIME = "application/vnd.jupyter.stderr"  # tracebacks, warnings and stderr streams


# --------------------------------------------------------------------------------------------
# Chromium


def find_chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def chromium_or_skip(log_dir):
    """Debian's Chromium: found, or installed with apt-get as root, or the calling test skips."""
    import pytest

    path = find_chromium()
    if path:
        return path
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip(f"browser tests need Chromium, which is missing: {INSTALL_HINT}")
    log = Path(log_dir) / "apt-get-chromium.log"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    with open(log, "w") as out:
        for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
            proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, timeout=900)
            if proc.returncode != 0:
                break
    path = find_chromium()
    if not path:
        pytest.fail(f"could not install Chromium with apt-get:\n{log.read_text()[-3000:]}")
    return path


@contextlib.contextmanager
def chromium_browser(executable, home):
    """A headless Chromium driven by Playwright; closed (with its driver) whatever happens."""
    from playwright.sync_api import sync_playwright

    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
    )
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, env=env, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


# --------------------------------------------------------------------------------------------
# JupyterLab started by `make lab`


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_lab_copy(workdir):
    """A throw-away copy of the repository that `make lab` can run in.

    Holds the Makefile, pyproject.toml, nbgrader_config.py, solutions/ and notebooks/, and a
    ``.venv`` link to the (already installed) environment running the tests, normally the
    repository's ``.venv``. A lesson whose release is not in notebooks/ yet is released into
    the copy with nbgrader.

    Returns:
        (Path, dict): the copy's root, and ``{assignment: error}`` for releases that failed.
    """
    root = Path(workdir) / "course"
    root.mkdir(parents=True)
    for name in ("Makefile", "pyproject.toml", "nbgrader_config.py"):
        shutil.copy2(REPO / name, root / name)
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for folder in ("solutions", "notebooks"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder, ignore=ignore)
    (root / ".venv").symlink_to(BIN.parent, target_is_directory=True)
    errors = {}
    for assignment in assignment_ids():
        if not (root / "notebooks" / assignment / f"{assignment}.ipynb").exists():
            try:
                nbgrader(root, "generate_assignment", assignment, "--force", "--log-level=WARN")
            except AssertionError as error:
                errors[assignment] = (
                    f"notebooks/{assignment} is missing and nbgrader could not release it:\n{error}"
                )
    return root, errors


@dataclasses.dataclass
class Lab:
    """A running JupyterLab: its address, token and the course copy it serves."""

    base: str
    token: str
    root: Path
    log: Path
    release_errors: dict = dataclasses.field(default_factory=dict)
    _threads: list = dataclasses.field(default_factory=list)

    def url(self, path):
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path}{sep}token={self.token}"

    def api(self, method, path, timeout=10):
        request = urllib.request.Request(self.url(path), method=method)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read().decode()
        return json.loads(body) if body else None

    def log_tail(self, chars=3000):
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def shutdown_kernels(self, wait=True):
        """Stop every kernel running now (their memory is better spent on the next lesson).

        With ``wait=False`` the kernels are listed now and stopped by a background thread;
        :func:`lab_server` waits for such threads before it stops the server.
        """
        try:
            sessions = [s["id"] for s in self.api("GET", "/api/sessions")]
            kernels = [k["id"] for k in self.api("GET", "/api/kernels")]
        except Exception:
            return

        def stop():
            for kind, ids in (("sessions", sessions), ("kernels", kernels)):
                for ident in ids:
                    with contextlib.suppress(Exception):
                        self.api("DELETE", f"/api/{kind}/{ident}", timeout=30)

        if wait:
            stop()
        else:
            thread = threading.Thread(target=stop, daemon=True)
            thread.start()
            self._threads.append(thread)

    def join(self, timeout=60):
        for thread in self._threads:
            thread.join(timeout)


def _hermetic_lab_env(home):
    """Environment for `make lab`: Jupyter/IPython/Keras/JupyterLab state inside ``home``."""
    home = Path(home)
    env = hermetic_env(home)
    env.update(
        JUPYTER_DATA_DIR=str(home / "jupyter-data"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "lab-workspaces"),
    )
    # No news fetching (there is no network to fetch it from, and its toast covers the page).
    settings = home / "lab-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    return env


try:  # looked up here: a child between fork and exec should only call it
    import ctypes

    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (ImportError, OSError, AttributeError):  # not Linux
    _prctl = None


def _die_with_parent():
    """In the child before exec: SIGTERM when the test process dies, even by SIGKILL (Linux)."""
    if _prctl is not None:
        _prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@contextlib.contextmanager
def lab_server(workdir, timeout=180):
    """``make lab`` in a throw-away copy of the course, on a free loopback port.

    The server runs in its own process group; at the end its kernels are shut down through the
    REST API, then the group gets SIGTERM (SIGKILL after 30 s). Should the test process itself be
    killed, make gets SIGTERM from the kernel (parent-death signal) and passes it to JupyterLab,
    whose kernels exit with their parent. ``-o .venv/.installed`` keeps make from reinstalling
    the linked ``.venv`` from the copy; the ``lab`` recipe itself is the real one.
    """
    workdir = Path(workdir)
    root, release_errors = make_lab_copy(workdir)
    home = workdir / "home"
    port, token = free_port(), uuid.uuid4().hex
    lab_args = (
        f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.port_retries=0 "
        f"--IdentityProvider.token={token}"
    )
    log = workdir / "lab.log"
    lab = Lab(
        base=f"http://127.0.0.1:{port}",
        token=token,
        root=root,
        log=log,
        release_errors=release_errors,
    )
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                "make",
                "--no-print-directory",
                "-o",
                ".venv/.installed",
                "lab",
                f"LAB_ARGS={lab_args}",
            ],
            cwd=root,
            env=_hermetic_lab_env(home),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                lab.api("GET", "/api/status", timeout=3)
                break
            except (urllib.error.URLError, ConnectionError, OSError, ValueError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"`make lab` did not serve JupyterLab:\n{lab.log_tail()}")
                time.sleep(0.5)
        yield lab
    finally:
        lab.join()
        if proc.poll() is None:
            lab.shutdown_kernels()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        with contextlib.suppress(OSError):
            (root / ".venv").unlink()  # no link to the real venv left in pytest's temp folders


# --------------------------------------------------------------------------------------------
# JupyterLab 4.6 in the browser


@dataclasses.dataclass
class Output:
    cell: int  # index of the cell in the notebook
    mime: str
    text: str
    images: list  # [(naturalWidth, naturalHeight)] of the <img> elements inside


@dataclasses.dataclass
class CellView:
    index: int
    kind: str  # "code", "markdown", "raw"
    prompt: str  # "[3]:", "[ ]:", "[*]:" (code cells), "" otherwise
    outputs: list


@dataclasses.dataclass
class Validation:
    outcome: str  # "success", "failed", "changed", "type_changed" or "error"
    text: str  # the dialog as the student reads it
    failed_sources: list  # source of every cell listed under "The following cell failed:"


_READ_CELLS_JS = """
(sel) => [...document.querySelectorAll(sel + ' .jp-Cell')].map(c => ({
  index: Number(c.dataset.windowedListIndex),
  kind: c.classList.contains('jp-CodeCell') ? 'code'
        : c.classList.contains('jp-MarkdownCell') ? 'markdown' : 'raw',
  prompt: c.classList.contains('jp-CodeCell')
          ? (c.querySelector('.jp-InputArea-prompt')?.textContent || '').trim() : '',
  outputs: [...c.querySelectorAll('.jp-OutputArea-output')].map(o => ({
    mime: o.dataset.mimeType || '',
    text: (o.textContent || '').slice(0, 4000),
    images: [...o.querySelectorAll('img')].map(i => [i.naturalWidth, i.naturalHeight]),
  })),
}))
"""

_RUN_FINISHED_JS = """
(sel) => {
  const prompts = [...document.querySelectorAll(sel + ' .jp-CodeCell .jp-InputArea-prompt')]
    .map(e => e.textContent.trim());
  return prompts.length > 0 && !prompts.some(t => t.includes('*')) && /\\[\\d+\\]/.test(prompts[0]);
}
"""

_VALIDATION_JS = """
(dialog) => {
  const body = dialog.querySelector('#validation-message');
  const failed = [...body.querySelectorAll('p')]
    .filter(p => p.textContent.trim() === 'The following cell failed:')
    .map(p => p.parentElement.nextElementSibling?.querySelector('pre')?.innerText || '');
  return {cls: body.className, text: body.innerText, failed};
}
"""

_NOTEBOOK_PANELS_JS = "() => [...document.querySelectorAll('.jp-NotebookPanel')].map(p => p.id)"


class LabApp:
    """One browser tab with JupyterLab, opened where `make lab` opens it (notebooks/)."""

    def __init__(self, context, lab, timeout=180):
        self.lab = lab
        self.page = context.new_page()
        self.page.set_default_timeout(30_000)
        workspace = f"test-{uuid.uuid4().hex[:12]}"  # no layout shared with another tab
        self.page.goto(
            lab.url(f"/lab/workspaces/{workspace}/tree/notebooks"),
            wait_until="domcontentloaded",
            timeout=timeout * 1000,
        )
        self.page.wait_for_selector(".jp-DirListing-item", timeout=timeout * 1000)

    def close(self):
        with contextlib.suppress(Exception):
            self.page.close()  # no "unsaved changes" prompt: before-unload handlers are skipped

    def open_menu(self, label):
        self.page.locator(
            ".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{re.escape(label)}$")
        ).click()

    def menu_item(self, command):
        return self.page.locator(f".lm-Menu li[data-command='{command}']")

    def close_menu(self):
        self.page.keyboard.press("Escape")
        self.page.locator(".lm-Menu").first.wait_for(state="detached", timeout=5000)

    def menu(self, label, command):
        self.open_menu(label)
        self.menu_item(command).click()

    def open_notebook(self, relpath, timeout=180):
        """File > Open from Path…; returns the :class:`NotebookPage` once its kernel is idle."""
        before = set(self.page.evaluate(_NOTEBOOK_PANELS_JS))
        self.menu("File", "filebrowser:open-path")
        self.page.locator(".jp-Dialog input").fill(Path(relpath).as_posix())
        self.page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").click()
        panel = self.page.wait_for_function(
            "(known) => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden)')]"
            ".map(p => p.id).find(id => !known.includes(id))",
            arg=sorted(before),
            timeout=timeout * 1000,
            polling=250,
        ).json_value()
        return NotebookPage(self, relpath, panel, timeout)


class NotebookPage:
    """One notebook open in a :class:`LabApp`; every selector is scoped to its panel."""

    def __init__(self, app, relpath, panel_id, timeout=180):
        self.app, self.page, self.lab = app, app.page, app.lab
        self.relpath = Path(relpath).as_posix()
        self.model = nbformat.read(self.lab.root / relpath, as_version=4)
        self.panel = f".jp-NotebookPanel[id='{panel_id}']"
        self.tab = f".lm-TabBar-tab[data-id='{panel_id}']"
        self.sel = f"{self.panel} .jp-Notebook"
        self.page.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel + ' .jp-Cell').length === n",
            arg=[self.sel, len(self.model.cells)],
            timeout=timeout * 1000,
            polling=250,
        )
        self.wait_idle(timeout)

    def activate(self):
        """Bring this notebook's tab to the front (menus and keys act on the current one)."""
        if "lm-mod-hidden" in (self.page.get_attribute(self.panel, "class") or ""):
            self.page.locator(self.tab).click()
            self.page.wait_for_selector(f"{self.panel}:not(.lm-mod-hidden)")

    # -- reading

    def wait_idle(self, timeout=180):
        self.page.wait_for_selector(
            f"{self.panel} .jp-Notebook-ExecutionIndicator[data-status='idle']",
            timeout=timeout * 1000,
        )

    def cells(self):
        raw = self.page.evaluate(_READ_CELLS_JS, self.sel)
        return [
            CellView(
                index=c["index"],
                kind=c["kind"],
                prompt=c["prompt"],
                outputs=[Output(cell=c["index"], **o) for o in c["outputs"]],
            )
            for c in raw
        ]

    def cell(self, index):
        return self.page.locator(f"{self.sel} .jp-Cell[data-windowed-list-index='{index}']")

    def cell_text(self, index):
        return self.cell(index).locator(".cm-content").first.evaluate("e => e.textContent")

    def cell_texts(self):
        """The editor text of every cell, in notebook order."""
        return self.page.eval_on_selector_all(
            f"{self.sel} .jp-Cell",
            "cs => cs.map(c => c.querySelector('.cm-content')?.textContent ?? '')",
        )

    def cell_count(self):
        return self.page.locator(f"{self.sel} .jp-Cell").count()

    def editor_state(self, index):
        """What JupyterLab shows about a cell's editor: read-only or not (class, ARIA)."""
        return self.cell(index).evaluate("""c => {
            const editor = c.querySelector('.cm-editor');
            const content = c.querySelector('.cm-content');
            return {readOnlyClass: !!editor && editor.classList.contains('jp-mod-readOnly'),
                    ariaReadOnly: !!content && content.getAttribute('aria-readonly') === 'true'};
        }""")

    # -- actions

    def run_all(self, timeout=600):
        """Edit > Clear Outputs of All Cells, Run > Run All Cells, wait until it stops."""
        self.activate()
        self.app.menu("Edit", "editmenu:clear-all")
        self.app.menu("Run", "runmenu:run-all")
        self.page.wait_for_function(
            _RUN_FINISHED_JS, arg=self.sel, timeout=timeout * 1000, polling=500
        )
        self.wait_idle(timeout)

    def problems_shown(self):
        """Dialogs and error notifications JupyterLab shows (e.g. a dead kernel)."""
        return self.page.eval_on_selector_all(
            ".jp-Dialog, .Toastify__toast--error",
            "els => els.map(e => e.innerText.trim().slice(0, 300))",
        )

    def validate(self, timeout=600):
        """Click nbgrader's Validate button in the notebook's toolbar, read the dialog, close it."""
        self.activate()
        self.page.locator(f"{self.panel} jp-button.validate-button").click()
        dialog = self.page.wait_for_selector(
            ".nbgrader-SuccessDialog, .nbgrader-ErrorDialog", timeout=timeout * 1000
        )
        found = dialog.evaluate(_VALIDATION_JS)
        outcome = next(
            (
                name.removeprefix("validation-")
                for name in found["cls"].split()
                if name.startswith("validation-")
            ),
            "error",
        )
        dialog.query_selector(".jp-Dialog-button.jp-mod-accept").click()
        dialog.wait_for_element_state("hidden")
        return Validation(outcome=outcome, text=found["text"], failed_sources=found["failed"])

    def select(self, index):
        """Make a cell the active one, in command mode (click its prompt, then Escape)."""
        self.activate()
        cell = self.cell(index)
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-InputPrompt").first.click()
        self.page.keyboard.press("Escape")
        self.page.wait_for_function(
            "([sel, i]) => document.querySelector(sel + ' .jp-Cell.jp-mod-active')"
            "?.dataset.windowedListIndex === String(i)",
            arg=[self.sel, index],
            timeout=10_000,
        )

    def type_into(self, index, text):
        """Click into a cell's editor, go to its end, type; back to command mode."""
        self.activate()
        cell = self.cell(index)
        cell.scroll_into_view_if_needed()
        cell.locator(".cm-content").first.click()
        self.page.keyboard.press("Control+End")
        self.page.keyboard.type(text)
        self.page.keyboard.press("Escape")

    def delete_cell_enabled(self):
        """Is Edit > Delete Cell enabled for the active cell?"""
        self.app.open_menu("Edit")
        item = self.app.menu_item("notebook:delete-cell")
        disabled = item.get_attribute("aria-disabled") == "true" or "lm-mod-disabled" in (
            item.get_attribute("class") or ""
        )
        self.app.close_menu()
        return not disabled

    def press_delete(self, index):
        """Select a cell, then D, D: JupyterLab's delete-cell shortcut in command mode."""
        self.select(index)
        self.page.keyboard.press("d")
        self.page.keyboard.press("d")


def first_line(source):
    lines = [line for line in source.strip().splitlines() if line.strip()]
    return lines[0].strip() if lines else ""


def open_formgrader(context, lab, timeout=120):
    """JupyterLab at `make lab`'s start page, then Nbgrader > Formgrader; returns (app, frame)."""
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(lab.url("/"), wait_until="domcontentloaded", timeout=timeout * 1000)
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Nbgrader$")).click(
            timeout=timeout * 1000
        )
        page.locator(".lm-Menu li[data-command='nbgrader:open-formgrader']").click()
        deadline = time.monotonic() + timeout
        while not [f for f in page.frames if "/formgrader" in f.url]:
            if time.monotonic() > deadline:
                raise AssertionError("Nbgrader > Formgrader opened no formgrader frame")
            page.wait_for_timeout(250)
        frame = next(f for f in page.frames if "/formgrader" in f.url)
        frame.wait_for_function(
            "() => document.querySelectorAll('table tbody tr').length > 0"
            " && !document.body.innerText.includes('Loading, please wait')",
            timeout=timeout * 1000,
            polling=250,
        )
    except BaseException:
        page.close()
        raise
    return page, frame
