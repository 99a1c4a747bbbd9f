"""The course on JupyterHub for a class, end to end: `make hub`, nbgrader's exchange, grading.

`make hub` (as root) starts a real JupyterHub on a loopback port for a class list of three
throw-away Unix users (``sbtest-<random>-t``, ``-a``, ``-b``), its state in a temporary folder.
Headless Chromium does what a person clicks: log-ins, Formgrader's Release / Collect /
Release feedback, a student's Assignment List (Fetch, Submit, Fetch Feedback) and feedback
page. The hub's REST API (and each user's server behind it) does the rest. The tests run in
file order, as one story; the hub is stopped and the users removed even when one fails.
"""

import asyncio
import concurrent.futures
import csv
import datetime
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest

from tests.support import NOISE_PATTERNS, REPO, SOLUTIONS, strip_solution_markers

pytest.importorskip("playwright.sync_api", reason="the hub test drives Chromium with playwright")

from tests.system.browser import chromium_browser, chromium_or_skip, free_port  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.browser]

LESSON = "01_input_layer_vs_features"
COURSE = "shapes-and-batches"
NOISE = re.compile("|".join(NOISE_PATTERNS), re.MULTILINE)
ENV_BIN = REPO / "hub" / "state" / "venv" / "bin"


class Hub:
    """One hub started by `make hub`: its people, addresses, admin token and state folder."""

    def __init__(self, root):
        tag = uuid.uuid4().hex[:6]
        self.teacher, self.a, self.b = (f"sbtest-{tag}-{x}" for x in ("t", "a", "b"))
        self.outsider = f"sbtest-{tag}-x"
        self.root, self.state = root, root / "state"
        port = next(p for p in iter(free_port, None) if p < 60000 and _free(p + 1) and _free(p + 2))
        self.url = f"http://127.0.0.1:{port}"
        (root / "class.csv").write_text(
            f"username,role\n{self.teacher},instructor\n{self.a},student\n{self.b},student\n"
        )
        self.vars = [
            f"HUB_STATE={self.state}",
            f"HUB_CLASS={root / 'class.csv'}",
            f"HUB_PORT={port}",
        ]
        self.course = self.state / "home" / self.teacher / COURSE
        self.inbound = self.state / "exchange" / COURSE / "inbound"
        self.tokens = {}

    def make(self, target, check=True):
        proc = subprocess.run(
            ["make", "--no-print-directory", "-C", str(REPO), target, *self.vars],
            capture_output=True,
            text=True,
            timeout=1200,
        )
        if check:
            assert proc.returncode == 0, (
                f"make {target}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
            )
        return proc.stdout + proc.stderr

    def password(self, name):
        with open(self.state / "secrets" / "passwords.csv", newline="") as rows:
            return {row["username"]: row["password"] for row in csv.DictReader(rows)}[name]

    def api(self, method, path, data=None, token=None, raw=False):
        """A request to the hub (``/hub/api/...``) or a user's server (``/user/...``)."""
        token = token or (self.state / "secrets" / "admin-token").read_text().strip()
        body, headers = None, {"Authorization": f"token {token}"}
        if isinstance(data, dict) and not raw:
            body, headers["Content-Type"] = json.dumps(data).encode(), "application/json"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=300) as reply:
                text = reply.read().decode()
                return reply.status, (json.loads(text) if text.strip()[:1] in ("[", "{") else text)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def token(self, name):
        """A token of ``name`` for their own server (what their browser session can do)."""
        if name not in self.tokens:
            status, reply = self.api(
                "POST",
                f"/hub/api/users/{name}/tokens",
                {"scopes": [f"access:servers!user={name}"], "expires_in": 3600},
            )
            assert status == 201, reply
            self.tokens[name] = reply["token"]
        return self.tokens[name]

    def start_server(self, name, timeout=240):
        self.api("POST", f"/hub/api/users/{name}/server")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, user = self.api("GET", f"/hub/api/users/{name}")
            if status == 200 and user["servers"].get("", {}).get("ready"):
                return
            time.sleep(1)
        raise AssertionError(f"the server of {name} did not start:\n{self.log_tail()}")

    def user(self, name, method, path, data=None):
        """A call to ``name``'s own server with ``name``'s token."""
        return self.api(method, f"/user/{name}/{path}", data, token=self.token(name), raw=True)

    def nbgrader(self, name, action, assignment=LESSON):
        """The Assignment List's own request (Fetch, Submit, Fetch Feedback) to ``name``'s server."""
        status, reply = self.user(
            name,
            "POST",
            f"assignments/{action}",
            {"course_id": COURSE, "assignment_id": assignment},
        )
        assert status == 200, reply
        return reply

    def as_user(self, name, cmd, cwd):
        """Run ``cmd`` as ``name``'s Unix user, with the class's tools on PATH."""
        env = {
            "PATH": f"{ENV_BIN}:/usr/bin:/bin",
            "HOME": str(self.state / "home" / name),
            "LANG": "C.UTF-8",
        }
        return subprocess.run(
            ["setpriv", f"--reuid={name}", f"--regid={name}", "--init-groups", "--", *cmd],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    def log_tail(self):
        log = self.state / "jupyterhub.log"
        return log.read_text(errors="replace")[-4000:] if log.exists() else "(no hub log)"


def _free(port):
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _notebook(answers):
    """The released lesson with the solution's answers in its exercise cells, and ``answers``
    (grade_id -> source) instead of some."""
    release = nbformat.read(REPO / "notebooks" / LESSON / f"{LESSON}.ipynb", as_version=4)
    solution = nbformat.read(SOLUTIONS / LESSON / f"{LESSON}.ipynb", as_version=4)
    solved = {
        c.metadata["nbgrader"]["grade_id"]: strip_solution_markers(c.source)
        for c in solution.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    for cell in release.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = answers.get(grade_id, solved[grade_id])
    return nbformat.writes(release)


#: a known mistake: the 32 biases forgotten
NO_BIAS = {
    "count_dense_params_code": "def count_dense_params(num_features, units):\n"
    "    return num_features * units\n"
}


def _save(hub, name, text):
    path = f"{COURSE}/{LESSON}/{LESSON}.ipynb"
    status, reply = hub.api(
        "PUT",
        f"/user/{name}/api/contents/{path}",
        {"type": "notebook", "format": "json", "content": json.loads(text)},
        token=hub.token(name),
    )
    assert status in (200, 201), reply


@pytest.fixture(scope="module")
def hub():
    if os.geteuid() != 0:
        pytest.skip("`make hub` runs as root (it creates Unix users); run the hub test as root")
    closed = [str(p) for p in (REPO, *REPO.parents) if not os.stat(p).st_mode & 0o001]
    if closed:  # make hub refuses (and says so) when the class's users cannot reach the course
        pytest.skip(
            f"this checkout is not reachable by other users ({closed[-1]} is closed): clone it "
            "under /srv or /opt to run the hub test"
        )
    root = Path(tempfile.mkdtemp(prefix="sbtest-hub-"))
    root.chmod(0o755)
    the_hub = Hub(root)
    try:
        the_hub.first_start = the_hub.make("hub")
        yield the_hub
    finally:
        the_hub.make("hub-stop", check=False)
        subprocess.run(["umount", str(the_hub.inbound)], capture_output=True)
        env = dict(os.environ, HUB_STATE=str(the_hub.state))
        subprocess.run(
            [
                str(REPO / ".venv" / "bin" / "python"),
                str(REPO / "hub" / "hubctl.py"),
                "remove-users",
            ],
            env=env,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("hub-chromium")
    with chromium_browser(chromium_or_skip(workdir), workdir / "home") as chromium:
        yield chromium


def _log_in(browser, hub, name, password=None):
    page = browser.new_context().new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", password or hub.password(name))
    page.click("#login_submit")
    page.wait_for_load_state("domcontentloaded")
    return page


def _formgrader_click(page, hub, column):
    """On Formgrader's Manage Assignments page, click the lesson's button in ``column``."""
    page.goto(f"{hub.url}/user/{hub.teacher}/formgrader/manage_assignments")
    row = page.locator("tr", has=page.locator("td.name", has_text=LESSON))
    row.locator(f"td.{column} a").click()
    modal = page.wait_for_selector("#success-modal, #error-modal", timeout=240_000)
    text = modal.inner_text()
    page.locator(".modal-footer button").first.click()
    return text


def test_make_hub_starts_the_hub_for_the_class(hub):
    status, info = hub.api("GET", "/hub/api/")
    assert status == 200 and info["version"].split(".")[0] in ("5", "6")
    status, users = hub.api("GET", "/hub/api/users")
    names = {user["name"]: user for user in users}
    assert {hub.teacher, hub.a, hub.b} <= set(names)
    assert f"formgrade-{COURSE}" in names[hub.teacher]["groups"]
    assert names[hub.a]["groups"] == [f"nbgrader-{COURSE}"]
    for name in (hub.teacher, hub.a, hub.b):  # one Unix user each, its home closed to others
        home = hub.state / "home" / name
        assert home.stat().st_uid != 0 and home.stat().st_mode & 0o077 == 0
    assert (hub.state / "exchange").stat().st_mode & 0o777 == 0o777  # nbgrader's documented mode


def test_an_unlisted_person_cannot_log_in(hub, browser):
    page = _log_in(browser, hub, hub.outsider, hub.password(hub.a))  # even with a real password
    assert "/hub/login" in page.url and "Invalid username or password" in page.content()
    assert hub.api("GET", f"/hub/api/users/{hub.outsider}")[0] == 404
    page.context.close()


def test_the_instructor_releases_lesson_01_in_formgrader(hub, browser):
    page = _log_in(browser, hub, hub.teacher)
    page.wait_for_url(re.compile(f"/user/{hub.teacher}/lab"), timeout=240_000)
    text = _formgrader_click(page, hub, "release")
    assert f"Successfully released '{LESSON}'" in text, text
    assert (hub.state / "exchange" / COURSE / "outbound" / LESSON / f"{LESSON}.ipynb").exists()
    hub.teacher_page = page


def test_student_a_fetches_in_the_assignment_list_and_submits_twice(hub, browser):
    page = _log_in(browser, hub, hub.a)
    page.wait_for_url(re.compile(f"/user/{hub.a}/lab"), timeout=240_000)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Nbgrader$")).click()
    items = page.eval_on_selector_all(
        ".lm-Menu li .lm-Menu-itemLabel", "els => els.map(e => e.innerText)"
    )
    assert "Assignment List" in items and "Formgrader" not in items, items
    assert hub.user(hub.a, "GET", "formgrader/api/assignments")[0] == 404  # not just hidden: absent
    page.locator(".lm-Menu li .lm-Menu-itemLabel", has_text="Assignment List").click()
    page.locator("#released_assignments_list button", has_text="Fetch").click()
    page.locator("#fetched_assignments_list button", has_text="Submit").wait_for()
    _save(hub, hub.a, _notebook(NO_BIAS))  # the first answer: a known mistake
    page.locator("#fetched_assignments_list button", has_text="Submit").click()
    page.locator("#submitted_assignments_list .list_item").first.wait_for()
    time.sleep(1.1)  # nbgrader's timestamps: a second apart
    _save(hub, hub.a, _notebook({}))  # the answer corrected, submitted again
    hub.nbgrader(hub.a, "submit")
    assert len([p for p in hub.inbound.iterdir() if p.name.startswith(hub.a + "+")]) == 2
    hub.a_page = page


def test_student_a_server_killed_loses_nothing(hub):
    before = sorted(p.name for p in hub.inbound.iterdir())
    uid = int(subprocess.run(["id", "-u", hub.a], capture_output=True, text=True).stdout)
    for entry in Path("/proc").iterdir():  # every process of A: server and kernels
        if entry.name.isdigit() and entry.stat().st_uid == uid:
            os.kill(int(entry.name), 9)
    hub.api("DELETE", f"/hub/api/users/{hub.a}/server")
    hub.start_server(hub.a)
    assert sorted(p.name for p in hub.inbound.iterdir()) == before
    listed = hub.user(hub.a, "GET", f"assignments?course_id={COURSE}")[1]["value"]
    assert sum(len(a.get("submissions", [])) for a in listed if a["status"] == "submitted") == 2, (
        listed
    )


def test_submitting_an_unknown_assignment_names_it(hub):
    hub.start_server(hub.b)
    hub.nbgrader(hub.b, "fetch")
    _save(hub, hub.b, _notebook(NO_BIAS))
    reply = hub.nbgrader(hub.b, "submit", assignment="99_no_such_lesson")
    assert not reply["success"] and "99_no_such_lesson" in reply["value"], reply
    assert "not found" in reply["value"].lower()


def test_a_full_exchange_says_so_and_keeps_nothing_half_copied(hub):
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0733", "tmpfs", str(hub.inbound)],
        capture_output=True,
        text=True,
    )
    if mount.returncode != 0:
        pytest.skip(
            f"a full disk is a small tmpfs here, and mounting one is not allowed: {mount.stderr}"
        )
    try:
        with open(hub.inbound / "filler", "wb") as out:  # the disk fills up
            with pytest.raises(OSError):
                out.write(b"\0" * 1024 * 1024)
                out.flush()
        reply = hub.nbgrader(hub.b, "submit")
        assert not reply["success"], reply
        assert "exchange folder is full" in reply["value"] and "NOT submitted" in reply["value"], (
            reply
        )
        assert [p.name for p in hub.inbound.iterdir()] == ["filler"]  # no half-copied submission
    finally:
        subprocess.run(["umount", str(hub.inbound)], check=True)


def test_student_b_submits_a_wrong_answer_after_the_due_date(hub):
    due = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    config = hub.course / "nbgrader_config.py"
    text = config.read_text().replace(
        "c.LatePolicy.due_dates = {}",
        f"c.LatePolicy.due_dates = {{{LESSON!r}: {due.isoformat()!r}}}",
    )
    config.write_text(text)  # the instructor sets the due date
    time.sleep(1.1)
    reply = hub.nbgrader(hub.b, "submit")
    assert [a["status"] for a in reply["value"]].count("submitted") == 1, reply


def test_hub_restart_keeps_users_releases_and_submissions(hub):
    inbound = sorted(p.name for p in hub.inbound.iterdir())
    assert "already running" in hub.make("hub")
    hub.make("hub-stop")
    second = hub.make("hub")  # idempotent: nothing created twice
    assert "releasing the lessons" not in second and "installing" not in second, second
    assert "releasing the lessons" in hub.first_start
    status, users = hub.api("GET", "/hub/api/users")
    assert {hub.teacher, hub.a, hub.b} <= {user["name"] for user in users}
    assert sorted(p.name for p in hub.inbound.iterdir()) == inbound
    hub.start_server(hub.b)
    listed = hub.user(hub.b, "GET", f"assignments?course_id={COURSE}")[1]["value"]
    assert {(a["assignment_id"], a["status"]) for a in listed} >= {
        (LESSON, "fetched"),
        (LESSON, "submitted"),
    }


def test_the_instructor_collects_grades_and_releases_feedback(hub, browser):
    page = _log_in(browser, hub, hub.teacher)  # the restart ended the earlier session's server
    page.wait_for_url(re.compile(f"/user/{hub.teacher}/lab"), timeout=240_000)
    assert f"Successfully collected submissions of '{LESSON}'" in _formgrader_click(
        page, hub, "collect"
    )
    grade = hub.as_user(
        hub.teacher, [str(ENV_BIN / "python"), "-m", "grader", "grade", LESSON], hub.course
    )
    assert grade.returncode == 0, grade.stdout + grade.stderr
    with open(hub.course / "grades" / f"{LESSON}.csv", newline="") as rows:
        scores = {row["student_id"]: row for row in csv.DictReader(rows)}
    assert (
        float(scores[hub.a]["score"]) == float(scores[hub.a]["max_score"]) > 0
    )  # the later submission
    assert float(scores[hub.b]["score"]) < float(scores[hub.b]["max_score"])
    assert "count_dense_params_bias" in scores[hub.b]["failed_checks"]
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{hub.course / 'gradebook.db'}") as gradebook:
        assert gradebook.find_submission(LESSON, hub.a).total_seconds_late == 0
        assert gradebook.find_submission(LESSON, hub.b).total_seconds_late > 0
    unknown = hub.as_user(
        hub.teacher,
        [str(ENV_BIN / "python"), "-m", "grader", "grade", "99_no_such_lesson"],
        hub.course,
    )
    assert unknown.returncode == 2 and "99_no_such_lesson" in unknown.stdout + unknown.stderr
    assert f"Successfully released feedback of '{LESSON}'" in _formgrader_click(
        page, hub, "release-feedback"
    )
    page.context.close()


def test_students_fetch_feedback_with_the_checks_messages(hub, browser):
    page = _log_in(browser, hub, hub.a)
    page.wait_for_url(re.compile(f"/user/{hub.a}/lab"), timeout=240_000)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Nbgrader$")).click()
    page.locator(".lm-Menu li .lm-Menu-itemLabel", has_text="Assignment List").click()
    page.locator("#submitted_assignments_list button", has_text="Fetch Feedback").first.click()
    feedback = hub.state / "home" / hub.a / COURSE / LESSON / "feedback"
    deadline = time.monotonic() + 120
    while not list(feedback.glob(f"*/{LESSON}.html")) and time.monotonic() < deadline:
        time.sleep(0.5)
    html = list(feedback.glob(f"*/{LESSON}.html"))
    assert html, "no feedback fetched"
    page.goto(f"{hub.url}/user/{hub.a}/files/{html[0].relative_to(hub.state / 'home' / hub.a)}")
    text = page.inner_text("body")
    assert "[PASS]" in text and "[FAIL]" not in text and not NOISE.search(text)
    hub.nbgrader(hub.b, "fetch_feedback")
    b_html = next(
        (hub.state / "home" / hub.b / COURSE / LESSON / "feedback").glob(f"*/{LESSON}.html")
    )
    assert "[FAIL]" in b_html.read_text() and "expected 128" in b_html.read_text()


def test_student_b_cannot_read_what_is_not_theirs(hub):
    a_home = hub.state / "home" / hub.a
    for path in (
        a_home,
        hub.course / "solutions",
        hub.course / "gradebook.db",
        hub.inbound,
        hub.state / "secrets",
        next((a_home / COURSE / LESSON).glob("*.ipynb")),
    ):
        probe = (
            "import os, sys; p = sys.argv[1]\n"
            "os.listdir(p) if os.path.isdir(p) else open(p).read(1)\nprint('read')"
        )
        seen = hub.as_user(hub.b, [str(ENV_BIN / "python"), "-c", probe, str(path)], "/")
        assert "PermissionError" in seen.stderr and "read" not in seen.stdout, (path, seen.stderr)
    status, _ = hub.api("GET", f"/user/{hub.a}/api/contents", token=hub.token(hub.b))
    assert status in (403, 404)


def test_kernels_print_no_tensorflow_log_lines(hub):
    code = "import matplotlib.pyplot\nimport tensorflow as tf\nprint(int(tf.reduce_sum(tf.ones((2, 3)))))"
    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # playwright's loop runs in this thread
        text = pool.submit(asyncio.run, _run_in_kernel(hub, hub.b, code)).result(timeout=300)
    assert text.strip().endswith("6") and not NOISE.search(text), text


async def _run_in_kernel(hub, name, code):
    """Start a kernel in ``name``'s server, run ``code``, return everything it printed."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    status, kernel = hub.api(
        "POST", f"/user/{name}/api/kernels", {"name": "python3"}, token=hub.token(name)
    )
    assert status == 201, kernel
    url = f"{hub.url.replace('http', 'ws')}/user/{name}/api/kernels/{kernel['id']}/channels"
    ws = await websocket_connect(
        HTTPRequest(url, headers={"Authorization": f"token {hub.token(name)}"})
    )
    msg_id = uuid.uuid4().hex
    ws.write_message(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": name,
                    "session": uuid.uuid4().hex,
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "channel": "shell",
                "content": {"code": code, "silent": False},
            }
        )
    )
    out = []
    while True:
        msg = json.loads(await asyncio.wait_for(ws.read_message(), 120))
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            out.append("\n".join(msg["content"]["traceback"]))
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    ws.close()
    return "".join(out)
