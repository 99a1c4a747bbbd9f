"""The class on this machine: its list, a Unix user and home for each person, the instructors'
course folders, the passwords of the demo log-in; and removing the users it created.
"""

import csv
import os
import pwd
import re
import secrets
import shutil
import signal
from pathlib import Path

from class_env import ENV_BIN, REPO, HubError, font_cache, run

__all__ = [
    "COURSE",
    "ROLES",
    "as_user",
    "ensure_home",
    "read_class_list",
    "remove_users",
    "setup_course",
    "write_passwords",
]

COURSE = "shapes-and-batches"
ROLES = ("instructor", "student")
USERNAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
INSTRUCTOR_COURSE_CONFIG = '''"""The Shapes & Batches course of this class: the course's settings, then the class's."""

load_subconfig({repo_config!r})  # noqa: F821 - provided by traitlets

c = get_config()  # noqa: F821
c.CourseDirectory.root = {course!r}
c.CourseDirectory.db_url = "sqlite:///" + {gradebook!r}
c.Exchange.root = {exchange!r}
c.Exchange.path_includes_course = True
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
# This class's due dates, ISO 8601 with a time zone: grading marks later submissions late.
c.LatePolicy.due_dates = {{}}  # e.g. {{"01_input_layer_vs_features": "2026-12-01T23:59:00+00:00"}}
'''


def read_class_list(*, path: Path) -> dict:
    """The class list: ``username,role`` lines (``#`` comments allowed).

    Args:
        path: the CSV file.

    Returns:
        dict: ``{"instructor": [names], "student": [names]}``, in file order.

    Raises:
        HubError: a missing file, a bad name or role, a name twice, or no instructor.
    """
    if not Path(path).is_file():
        raise HubError(f"class list not found: {path}")
    lines = [
        line
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    people, seen = {role: [] for role in ROLES}, set()
    for row in csv.DictReader(lines):
        name, role = (row.get("username") or "").strip(), (row.get("role") or "").strip()
        where = f"{path}: {name or '(empty name)'},{role}"
        if not USERNAME.match(name):
            raise HubError(
                f"{where}: a username is 1-32 lower-case letters, digits, - or _, "
                "starting with a letter or _"
            )
        if role not in ROLES:
            raise HubError(f"{where}: role must be one of {', '.join(ROLES)}")
        if name in seen:
            raise HubError(f"{where}: {name} is listed twice")
        seen.add(name)
        people[role].append(name)
    if not people["instructor"]:
        raise HubError(f"{path}: the class list names no instructor (a line `name,instructor`)")
    return people


def _chown_tree(path, user):
    for folder, dirs, files in os.walk(path):
        for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
            os.lchown(name, user.pw_uid, user.pw_gid)


def as_user(*, user: pwd.struct_passwd, cmd: list, cwd: Path):
    """Run ``cmd`` as ``user`` (uid, gid and groups), with the class's tools on PATH.

    Args:
        user: the Unix user.
        cmd: the command.
        cwd: where it runs.

    Returns:
        subprocess.CompletedProcess: the finished command.

    Raises:
        HubError: the command failed.
    """
    env = {
        "PATH": f"{ENV_BIN}:/usr/bin:/bin",
        "HOME": user.pw_dir,
        "USER": user.pw_name,
        "LANG": "C.UTF-8",
    }
    return run(
        cmd=[
            "setpriv",
            f"--reuid={user.pw_uid}",
            f"--regid={user.pw_gid}",
            "--init-groups",
            "--",
            *cmd,
        ],
        cwd=cwd,
        env=env,
        timeout=900,
    )


def ensure_home(*, name: str, homes: Path, created_file: Path) -> pwd.struct_passwd:
    """The Unix user ``name`` and its home (mode 0700), created when missing.

    A new user gets its home in ``homes``; a new home gets matplotlib's font cache. Users
    created here are listed in ``created_file`` (what :func:`remove_users` removes).

    Args:
        name: the username.
        homes: the folder of new homes.
        created_file: the list of users created here.

    Returns:
        pwd.struct_passwd: the user.

    Raises:
        HubError: useradd failed.
    """
    try:
        user = pwd.getpwnam(name)
    except KeyError:
        run(
            cmd=[
                "useradd",
                "--home-dir",
                str(homes / name),
                "--no-create-home",
                "--shell",
                "/bin/bash",
                "--user-group",
                "--comment",
                "Shapes & Batches hub",
                name,
            ]
        )
        with open(created_file, "a", encoding="utf-8") as out:
            out.write(name + "\n")
        user = pwd.getpwnam(name)
    home = Path(user.pw_dir)
    if not home.is_dir():
        cache = home / ".cache" / "matplotlib"
        cache.mkdir(parents=True)
        for font_list in font_cache():
            shutil.copy2(font_list, cache / font_list.name)
        home.chmod(0o700)
        _chown_tree(home, user)
    return user


def setup_course(*, user: pwd.struct_passwd, exchange: Path) -> Path:
    """The instructor's course folder ``~/shapes-and-batches``: the lessons, its
    nbgrader_config.py (written once: the instructor edits it), every lesson released into
    ``notebooks/`` and the gradebook (once).

    Args:
        user: the instructor's Unix user.
        exchange: nbgrader's exchange folder.

    Returns:
        Path: the course folder.

    Raises:
        HubError: nbgrader could not release the lessons.
    """
    home = Path(user.pw_dir)
    course = home / COURSE
    fresh = not (course / "gradebook.db").exists()
    if not (course / "solutions").is_dir():
        course.mkdir(exist_ok=True)
        shutil.copytree(
            REPO / "solutions",
            course / "solutions",
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        )
    config = course / "nbgrader_config.py"
    if not config.exists():
        config.write_text(
            INSTRUCTOR_COURSE_CONFIG.format(
                repo_config=str(REPO / "nbgrader_config.py"),
                course=str(course),
                gradebook=str(course / "gradebook.db"),
                exchange=str(exchange),
            ),
            encoding="utf-8",
        )
    # Formgrader reads the configuration of ~/.jupyter: the course's.
    (home / ".jupyter").mkdir(exist_ok=True)
    if not (home / ".jupyter" / "nbgrader_config.py").exists():
        (home / ".jupyter" / "nbgrader_config.py").write_text(
            f"load_subconfig({str(config)!r})  # noqa: F821\n", encoding="utf-8"
        )
    _chown_tree(home, user)
    if fresh:
        print(f"  {user.pw_name}: releasing the lessons into {course}/notebooks and the gradebook")
        as_user(
            user=user,
            cmd=[
                str(ENV_BIN / "nbgrader"),
                "generate_assignment",
                "*",
                "--force",
                "--log-level=WARN",
            ],
            cwd=course,
        )
    return course


def write_passwords(*, path: Path, people: dict) -> None:
    """One password per person (kept across runs), in a CSV only root can read.

    Args:
        path: the CSV (``username,role,password``).
        people: the class list (:func:`read_class_list`).
    """
    known = {}
    if path.exists():
        with open(path, newline="", encoding="utf-8") as rows:
            known = {row["username"]: row["password"] for row in csv.DictReader(rows)}
    with open(path, "w", newline="", encoding="utf-8") as out:
        os.chmod(path, 0o600)
        writer = csv.DictWriter(
            out, fieldnames=["username", "role", "password"], lineterminator="\n"
        )
        writer.writeheader()
        for role in ROLES:
            for name in people[role]:
                writer.writerow(
                    {
                        "username": name,
                        "role": role,
                        "password": known.get(name) or secrets.token_urlsafe(12),
                    }
                )


def _processes_of(uid):
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def remove_users(*, created_file: Path, homes: Path) -> list:
    """Delete the Unix users :func:`ensure_home` created (their processes first) and their homes.

    Args:
        created_file: the list of users created here.
        homes: only homes inside this folder are deleted.

    Returns:
        list of str: the users removed.

    Raises:
        HubError: userdel failed.
    """
    names = created_file.read_text().split() if created_file.exists() else []
    removed = []
    for name in dict.fromkeys(names):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        for pid in _processes_of(user.pw_uid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        run(cmd=["userdel", name])
        if Path(user.pw_dir).is_relative_to(homes):
            shutil.rmtree(user.pw_dir, ignore_errors=True)
        removed.append(name)
    created_file.unlink(missing_ok=True)
    return removed
