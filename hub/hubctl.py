"""`make hub` and `make hub-stop`: the course on a JupyterHub for a class, on this machine.

    python hub/hubctl.py up            # as root: accounts, course, exchange; start the hub
    python hub/hubctl.py down          # stop the hub (and every user's server)
    python hub/hubctl.py remove-users  # delete the Unix users `up` created (after `down`)
    python hub/hubctl.py deps          # the class's venv and configurable-http-proxy (npm), once

Everything it writes is in the state folder (``HUB_STATE``, default ``hub/state``, git-ignored),
in ``hub/state/venv`` and ``hub/state/proxy`` (:mod:`class_env`), and in the Unix users it
creates from the class list (``HUB_CLASS``, default ``hub/class_list.csv``), whose homes are
in the state folder (:mod:`class_accounts`). A second ``up`` changes nothing that exists: it
adds what is missing and says when the hub is already running.

Settings (environment): ``HUB_STATE``, ``HUB_CLASS``, ``HUB_IP`` (default 127.0.0.1),
``HUB_PORT`` (default 8000; the hub's API uses the next port, the proxy's API the one after).
"""

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from student import lab_settings

# the two other modules of hub/, beside this script
from class_accounts import (
    ROLES,
    ensure_home,
    read_class_list,
    remove_users,
    setup_course,
    write_passwords,
)
from class_env import ENV_BIN, PROXY, REPO, HubError, check_reachable, install_env, install_proxy

__all__ = ["Settings", "main", "prepare", "start", "stop"]

HERE = Path(__file__).resolve().parent
#: the student's Jupyter server without nbgrader's instructor extensions
STUDENT_SERVER_CONFIG = {
    "ServerApp": {
        "jpserver_extensions": {
            "nbgrader.server_extensions.formgrader": False,
            "nbgrader.server_extensions.course_list": False,
        }
    }
}


class Settings:
    """Paths and addresses of one hub, from the environment (see the module's docstring)."""

    def __init__(self, environ=None):
        env = os.environ if environ is None else environ
        self.state = Path(env.get("HUB_STATE") or HERE / "state").resolve()
        self.class_list = Path(env.get("HUB_CLASS") or HERE / "class_list.csv").resolve()
        self.ip = env.get("HUB_IP") or "127.0.0.1"
        self.port = int(env.get("HUB_PORT") or 8000)
        self.homes = self.state / "home"
        self.exchange = self.state / "exchange"
        self.secrets = self.state / "secrets"
        self.created = self.state / "created-users.txt"
        self.pid_file = self.state / "jupyterhub.pid"
        self.log = self.state / "jupyterhub.log"
        self.url = f"http://{'127.0.0.1' if self.ip in ('0.0.0.0', '') else self.ip}:{self.port}"

    def environ(self):
        """The variables ``hub/jupyterhub_config.py`` reads."""
        return {
            "HUB_STATE": str(self.state),
            "HUB_CLASS": str(self.class_list),
            "HUB_IP": self.ip,
            "HUB_PORT": str(self.port),
            "HUB_PROXY": str(PROXY),
        }


def _write_secrets(settings, people):
    """The hub's secrets (root only): admin token, cookie secret, one password per person."""
    settings.secrets.mkdir(parents=True, exist_ok=True)
    os.chmod(settings.secrets, 0o700)
    for name in ("admin-token", "cookie-secret"):
        path = settings.secrets / name
        if not path.exists():
            path.write_text(secrets.token_hex(32), encoding="utf-8")
            os.chmod(path, 0o600)
    write_passwords(path=settings.secrets / "passwords.csv", people=people)


def prepare(*, settings: Settings) -> dict:
    """Everything the hub needs, created when missing (idempotent).

    Args:
        settings: the hub's paths and addresses.

    Returns:
        dict: the class list (``read_class_list``).

    Raises:
        HubError: not root, the course not reachable by other users, a bad class list, a tool missing.
    """
    if os.geteuid() != 0:
        raise HubError(
            "`make hub` runs as root: it creates a Unix user for every person in the class"
        )
    people = read_class_list(path=settings.class_list)
    install_env()
    install_proxy()
    check_reachable(
        paths=[REPO, ENV_BIN, Path(os.path.realpath(ENV_BIN / "python")), settings.state.parent]
    )
    for folder, mode in (
        (settings.state, 0o755),
        (settings.homes, 0o755),
        # nbgrader's documented exchange: every user may write (as its release sets)
        (settings.exchange, 0o777),
    ):
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, mode)
    lab_settings.write_settings(prefix=settings.state / "student", student=True)
    server_config = settings.state / "student" / "etc" / "jupyter" / "jupyter_server_config.json"
    server_config.write_text(json.dumps(STUDENT_SERVER_CONFIG, indent=2) + "\n", encoding="utf-8")
    (settings.state / "class.json").write_text(
        json.dumps(people, indent=2) + "\n", encoding="utf-8"
    )
    _write_secrets(settings, people)
    for role in ROLES:
        for name in people[role]:
            user = ensure_home(name=name, homes=settings.homes, created_file=settings.created)
            if role == "instructor":
                setup_course(user=user, exchange=settings.exchange)
    return people


def _running_pid(settings):
    try:
        pid = int(settings.pid_file.read_text())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def _wait_up(settings, proc, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{settings.url}/hub/api/", timeout=5) as reply:
                return json.loads(reply.read())["version"]
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    tail = settings.log.read_text(errors="replace")[-4000:] if settings.log.exists() else ""
    raise HubError(f"JupyterHub did not start (log: {settings.log}):\n{tail}")


def start(*, settings: Settings) -> str:
    """Prepare (:func:`prepare`) and start JupyterHub in the background, unless it runs.

    Args:
        settings: the hub's paths and addresses.

    Returns:
        str: what happened, for the person who typed `make hub`.

    Raises:
        HubError: preparing failed, or the hub did not start (the log's end in the message).
    """
    people = prepare(settings=settings)
    pid = _running_pid(settings)
    if pid:
        return (
            f"JupyterHub is already running (pid {pid}) at {settings.url}; to load a changed "
            "class list: make hub-stop && make hub"
        )
    env = {"PATH": f"{ENV_BIN}:/usr/bin:/bin", "LANG": "C.UTF-8", **settings.environ()}
    with open(os.open(settings.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a") as log:
        proc = subprocess.Popen(
            [str(ENV_BIN / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")],
            cwd=settings.state,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    settings.pid_file.write_text(str(proc.pid))
    version = _wait_up(settings, proc)
    count = sum(len(names) for names in people.values())
    return (
        f"JupyterHub {version} is running at {settings.url} for {count} people "
        f"({', '.join(people['instructor'])} teaching). Passwords: "
        f"{settings.secrets / 'passwords.csv'}; log: {settings.log}; stop: make hub-stop"
    )


def stop(*, settings: Settings, timeout: float = 60) -> str:
    """Stop the hub: JupyterHub stops every user's server and its proxy on the way out.

    Args:
        settings: the hub's paths.
        timeout: seconds to wait before killing what is left of the hub's process group.

    Returns:
        str: what happened.
    """
    pid = _running_pid(settings)
    if not pid:
        return "JupyterHub is not running"
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _running_pid(settings):
        time.sleep(0.25)
    if _running_pid(settings):
        os.killpg(pid, signal.SIGKILL)
    settings.pid_file.unlink(missing_ok=True)
    return f"JupyterHub (pid {pid}) stopped"


def _deps(settings):
    install_env()
    install_proxy()
    return f"ready: {ENV_BIN / 'jupyterhub'}, {PROXY}"


def _remove(settings):
    removed = remove_users(created_file=settings.created, homes=settings.homes)
    return f"removed users: {' '.join(removed) or '(none)'}"


def main(argv=None):
    """Command line: ``up | down | remove-users | deps``. Returns the exit code (1: a HubError)."""
    argv = sys.argv[1:] if argv is None else argv
    actions = {
        "up": lambda s: start(settings=s),
        "down": lambda s: stop(settings=s),
        "remove-users": _remove,
        "deps": _deps,
    }
    if len(argv) != 1 or argv[0] not in actions:
        print(f"usage: python hub/hubctl.py {' | '.join(actions)}", file=sys.stderr)
        return 2
    try:
        print(actions[argv[0]](Settings()))
    except HubError as exc:
        print(f"hub: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
