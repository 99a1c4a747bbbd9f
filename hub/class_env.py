"""The class's software, installed once into ``hub/state/``: a Python environment every user can
run (``venv``), JupyterHub's proxy from npm (``proxy``), matplotlib's font cache.

The course's own ``.venv`` may sit on a Python that other users cannot reach (a pyenv Python
under ``/root``); the class's environment is built on one they can, with the course, nbgrader,
TensorFlow and JupyterHub (the ``hub`` extra) and the course's kernel and Lab settings.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = [
    "ENV_BIN",
    "ENV_DIR",
    "HubError",
    "PROXY",
    "REPO",
    "check_reachable",
    "font_cache",
    "install_env",
    "install_proxy",
    "run",
]

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
#: the class's Python environment: the course installed for a Python every user can run
ENV_DIR = HERE / "state" / "venv"
ENV_BIN = ENV_DIR / "bin"
#: configurable-http-proxy from npm (JupyterHub's proxy), one install for every hub of this checkout
PROXY_PACKAGE = "configurable-http-proxy@5"
PROXY = HERE / "state" / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"


class HubError(RuntimeError):
    """`make hub` cannot go on; the message says why and what to do."""


def run(*, cmd: list, **kwargs) -> subprocess.CompletedProcess:
    """Run a command, its output captured.

    Args:
        cmd: the command and its arguments.
        **kwargs: for ``subprocess.run`` (``cwd``, ``env``, ``timeout``).

    Returns:
        subprocess.CompletedProcess: the finished command.

    Raises:
        HubError: the command failed (its stderr in the message).
    """
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        raise HubError(
            f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stderr[-3000:]}"
        )
    return proc


def check_reachable(*, paths: list) -> None:
    """Every folder above each path must let other users through (the class runs from them).

    Args:
        paths: the paths the class's Unix users need.

    Raises:
        HubError: a folder on the way is closed to other users (named, with the fix).
    """
    for path in paths:
        for folder in [Path(path), *Path(path).parents]:
            if not os.stat(folder).st_mode & 0o001:
                raise HubError(
                    f"{path} is not reachable by the class's Unix users: {folder} is closed to "
                    f"other users (mode {oct(os.stat(folder).st_mode & 0o777)}). Put the course "
                    "somewhere they can read (e.g. /srv or /opt), or `chmod o+x` that folder."
                )


def _usable_python():
    for candidate in (os.path.realpath(sys.executable), "/usr/bin/python3"):
        try:
            check_reachable(paths=[candidate])
        except (HubError, OSError):
            continue
        probe = subprocess.run(
            [candidate, "-c", "import sys, venv, ensurepip; print(sys.version_info >= (3, 10))"],
            capture_output=True,
            text=True,
        )
        if probe.stdout.strip() == "True":
            return candidate
    return None


def _class_python():
    """A Python 3.10+ with venv that every user may run: this venv's base Python, or Debian's
    (installed with apt-get as root when missing)."""
    found = _usable_python()
    if not found and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run(cmd=["apt-get", "update"], env=env, timeout=900)
        run(cmd=["apt-get", "install", "-y", "python3", "python3-venv"], env=env, timeout=900)
        found = _usable_python()
    if not found:
        raise HubError(
            "no Python 3.10+ with venv that every user may run (this venv's base Python "
            "is in a closed folder): as root, `apt-get install -y python3 python3-venv`"
        )
    return found


def install_env() -> bool:
    """The class's environment (``hub/state/venv``), redone when pyproject.toml changes.

    Returns:
        bool: whether it was (re)installed now.

    Raises:
        HubError: no usable Python, or pip fails.
    """
    stamp = ENV_DIR / ".installed"
    wanted = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    if stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return False
    print(f"  installing the course and JupyterHub into {ENV_DIR} (once)")
    if not (ENV_BIN / "python").exists():
        run(cmd=[_class_python(), "-m", "venv", str(ENV_DIR)], timeout=600)
    python = str(ENV_BIN / "python")
    run(cmd=[python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], timeout=900)
    run(cmd=[python, "-m", "pip", "install", "--quiet", "-e", f"{REPO}[hub]"], timeout=1800)
    # the course's kernel settings (no TensorFlow log lines in cells) and Lab settings
    run(cmd=[python, str(REPO / "student" / "lab_settings.py"), "--instructor"])
    stamp.write_text(wanted, encoding="utf-8")
    return True


def install_proxy() -> bool:
    """configurable-http-proxy from npm, into ``hub/state/proxy`` (once).

    Returns:
        bool: whether it was installed now.

    Raises:
        HubError: npm is missing or fails.
    """
    if PROXY.exists():
        return False
    if not shutil.which("npm"):
        raise HubError(
            "npm is missing (JupyterHub's proxy comes from npm): as root, "
            "`apt-get install -y nodejs npm` (`make hub` does it when run as root)"
        )
    folder = PROXY.parents[2]
    print(f"  installing {PROXY_PACKAGE} into {folder}")
    folder.mkdir(parents=True, exist_ok=True)
    run(
        cmd=[
            "npm",
            "install",
            "--prefix",
            str(folder),
            "--no-audit",
            "--no-fund",
            "--no-update-notifier",
            PROXY_PACKAGE,
        ],
        timeout=600,
    )
    return True


def font_cache() -> list:
    """matplotlib's font cache, built once for the class's environment.

    Returns:
        list of Path: its files, to copy into a new home (then the one-time "building the font
        cache" notice never lands in a notebook).
    """
    cache = ENV_DIR / "matplotlib-cache"
    if not list(cache.glob("fontlist-*.json")):
        run(
            cmd=[str(ENV_BIN / "python"), "-c", "import matplotlib.font_manager"],
            env={"MPLCONFIGDIR": str(cache), "PATH": "/usr/bin:/bin"},
        )
    return sorted(cache.glob("fontlist-*.json"))
