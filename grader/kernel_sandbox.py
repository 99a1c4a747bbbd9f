"""A sandboxed grading kernel's life, for the kernel manager: before, launch, after.

``grader.kernel.GuardedKernelManager`` calls :func:`prepare` before the connection file is
written, :func:`launch_command` to wrap the kernel command (see ``grader.sandbox``),
:func:`start_clock` once it runs, and :func:`release` when the kernel is gone.
:func:`preflight` runs once before grading; :func:`mark_feedback` labels the pages of a
class graded with ``--no-sandbox``.

One :class:`Box` per kernel holds what the grader made for it on the host:

- the **run folder** (connection file, unix sockets; ``transport = "ipc"``): as root, a tmpfs
  of ``Limits.run_mb`` mounted for this kernel alone (``nosuid,nodev,noexec``), so the one
  writable folder the kernel shares with the host holds a few MiB of RAM, never host disk;
  its pages are charged to the writer's memory cgroup. Without root (no mount), a folder in
  ``/dev/shm`` (RAM; each file capped by ``RLIMIT_FSIZE``), else in the temporary folder;
- the **cgroup** (``grader.cgroups``), made before the kernel starts: CPU weight, memory with
  tmpfs, process count. Without cgroups (not root, no controller) the sandbox keeps its
  rlimits, and the log says so once;
- the **wall clock**: a timer that, ``Limits.wall_s`` after the launch, ends the whole sandbox
  (every process of its cgroup; without one, ``bwrap``, whose PID namespace then ends with
  it); :attr:`Box.ended` says why.

:func:`release` kills whatever is left, removes the group, unmounts and removes the run folder,
also after a kernel that died. A grader killed with SIGKILL cannot: the next one removes its
groups (``grader.cgroups``), but its run folders stay mounted (``umount /tmp/kernel-run-*``).
All of it costs about 30 ms per kernel (the guard that joins the group starts in 25 ms).
"""

import ctypes
import dataclasses
import html
import logging
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from grader import cgroups, sandbox

__all__ = [
    "NO_SANDBOX_NOTE",
    "Box",
    "budget_line",
    "end",
    "launch_command",
    "make_run_folder",
    "mark_feedback",
    "preflight",
    "preflight_or_exit",
    "prepare",
    "release",
    "remove_run_folder",
    "start_clock",
]

#: what the report, the CSV and every feedback page say when grading ran without the sandbox
NO_SANDBOX_NOTE = (
    "graded WITHOUT the sandbox (--no-sandbox): student code ran with the grader's rights"
)
_log = logging.getLogger("grader.sandbox")
_MS_NOSUID, _MS_NODEV, _MS_NOEXEC, _MNT_DETACH = 2, 4, 8, 2
_said = set()


def _no_cgroup(why):
    return f"sandboxes run without a cgroup ({why}): per-process rlimits only"


def _say_once(message):
    if message not in _said:
        _said.add(message)
        _log.warning("%s", message)


@dataclasses.dataclass
class Box:
    """One sandboxed kernel's host-side resources (see the module's docstring)."""

    rundir: str
    mounted: bool
    cgroup: object = None  # a grader.cgroups.Cgroup, or None
    limits: object = None  # the grader.sandbox.Limits it runs under
    process: object = None  # bwrap's Popen, once launched
    timer: object = None
    ended: str = ""  # why the grader ended the sandbox ("": it did not)


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _shm():
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def make_run_folder(*, size_mb):
    """A new, private run folder on a tmpfs, never on host disk when it can be helped.

    Args:
        size_mb: its size in MiB when the grader can mount one (root).

    Returns:
        tuple: ``(folder, mounted)``: ``mounted`` is True when it is a tmpfs of its own; else
        the folder lies in ``/dev/shm`` (or, lacking it, the temporary folder).
    """
    if os.geteuid() == 0:
        rundir = tempfile.mkdtemp(prefix="kernel-run-")
        options = f"size={size_mb}m,mode=0755".encode()
        if (
            _libc().mount(
                b"tmpfs", rundir.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, options
            )
            == 0
        ):
            return rundir, True
        why = os.strerror(ctypes.get_errno())
        os.rmdir(rundir)
        _say_once(
            f"the sandbox's run folder is not a tmpfs of its own (mount: {why}); it lies in "
            f"{_shm() or tempfile.gettempdir()}"
        )
    rundir = tempfile.mkdtemp(prefix="kernel-run-", dir=_shm())
    os.chmod(rundir, 0o755)
    return rundir, False


def remove_run_folder(*, rundir, mounted):
    """Unmount (when mounted) and remove a folder of :func:`make_run_folder`.

    Args:
        rundir: the folder.
        mounted: whether it is a tmpfs of its own.

    Returns:
        None
    """
    if mounted:
        _libc().umount2(rundir.encode(), _MNT_DETACH)
    shutil.rmtree(rundir, ignore_errors=True)


def prepare(*, km, limits):
    """Make a kernel's run folder and cgroup; point the kernel manager at the ``ipc`` transport.

    Args:
        km: a jupyter_client ``KernelManager`` that has not started its kernel yet.
        limits: the ``grader.sandbox.Limits`` it will run under.

    Returns:
        Box: what :func:`release` undoes.
    """
    rundir, mounted = make_run_folder(size_mb=limits.run_mb)
    box = Box(rundir=rundir, mounted=mounted, limits=limits)
    try:
        box.cgroup = cgroups.create(
            cpu_shares=limits.cpu_shares, memory_mb=limits.ram_mb, pids_max=limits.pids_max
        )
    except OSError as exc:
        _say_once(_no_cgroup(exc))
    if box.cgroup is None and cgroups.unavailable():
        _say_once(_no_cgroup(cgroups.unavailable()))
    km.transport = "ipc"
    km.connection_file = os.path.join(rundir, "kernel.json")
    km.ip = os.path.join(rundir, "kernel-ipc")
    # Interrupt through the control channel: SIGINT to the process group would hit bwrap.
    km.kernel_spec.interrupt_mode = "message"
    return box


def launch_command(*, command, cwd, env, box, log="", prewarm=False):
    """The command that starts ``command`` in the sandbox; gives the folders to its user.

    Args:
        command: the kernel command, as the kernel manager formatted it.
        cwd: the kernel's working folder (the student's working copy; None: a new folder).
        env: the environment the kernel would get without the sandbox.
        box: the :class:`Box` from :func:`prepare`.
        log: file for the sandbox's own stdout/stderr ("": inherited).
        prewarm: fork the kernel from this process's pre-warmed server (``grader.prewarm``)
            where it can be; else (or False) a ``bwrap`` of its own.

    Returns:
        tuple: ``(command, cwd, env)``: ``env`` is the launcher's own (the kernel's is set
        inside the sandbox).

    Raises:
        grader.sandbox.SandboxUnavailable: when bwrap is missing.
    """
    cwd = str(cwd) if cwd else tempfile.mkdtemp(prefix="kernel-work-", dir=box.rundir)
    sandbox.set_owner(paths=[cwd, box.rundir], uid=sandbox.kernel_uid())
    cmd = None
    if prewarm:
        from grader import prewarm as server

        why = server.available()
        if why:
            _say_once(f"kernels are not pre-warmed ({why}): one bwrap per kernel")
        else:
            cmd = server.launch_command(command=command, cwd=cwd, env=env, box=box)
    if cmd is None:
        cmd = sandbox.sandbox_command(
            command=command,
            workdir=cwd,
            rundir=box.rundir,
            environ=env,
            limits=box.limits,
            uid=sandbox.kernel_uid(),
            cgroup=box.cgroup,
            log=log,
        )
    elif box.cgroup is not None or log:
        cmd = sandbox.outer_guard(cgroup=box.cgroup, log=log) + ["--", *cmd]
    import helpers

    outer = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",  # bwrap's own environment
        "PYTHONPATH": str(Path(helpers.__file__).resolve().parent.parent),
    }
    return cmd, cwd, outer


def end(*, box, reason):
    """End the whole sandbox now: every process of its cgroup (or ``bwrap`` and so its PID
    namespace).

    Args:
        box: a launched :class:`Box`.
        reason: why, in words (kept in ``box.ended``).

    Returns:
        None
    """
    box.ended = box.ended or reason
    if box.cgroup is not None:
        box.cgroup.kill()
    elif box.process is not None and box.process.poll() is None:
        box.process.kill()


def start_clock(*, box, process):
    """Start the sandbox's wall-clock budget (``box.limits.wall_s``; 0: none).

    Args:
        box: the :class:`Box` of a kernel just launched.
        process: its ``Popen``.

    Returns:
        None
    """
    box.process = process
    wall_s = box.limits.wall_s if box.limits is not None else 0
    if wall_s:
        reason = f"the notebook ran past the sandbox's wall-clock budget of {wall_s} s; every process was ended"
        box.timer = threading.Timer(wall_s, end, kwargs=dict(box=box, reason=reason))
        box.timer.daemon = True
        box.timer.start()


def release(*, box, workdir):
    """After the kernel: end what is left, remove the cgroup and the run folder, give the
    working copy back to the grader.

    Args:
        box: the :class:`Box` from :func:`prepare` (None: nothing to undo).
        workdir: the kernel's working folder (None: nothing to give back). Nothing the kernel
            wrote is there: inside the sandbox it was a tmpfs.

    Returns:
        None
    """
    if box is not None:
        if box.timer is not None:
            box.timer.cancel()
        if box.cgroup is not None and not box.cgroup.remove():
            _log.warning("a sandbox's cgroup could not be removed: %s", box.cgroup.dirs)
        elif box.cgroup is None and box.process is not None and box.process.poll() is None:
            box.process.kill()
        if box.rundir:
            remove_run_folder(rundir=box.rundir, mounted=box.mounted)
    if workdir and os.path.isdir(workdir):
        sandbox.set_owner(paths=[workdir])


def budget_line(limits):
    """The budget a sandbox runs under here, in one line: what is in force, found by making
    (and removing) one cgroup and one run folder, not what is asked.

    Args:
        limits: a ``grader.sandbox.Limits``.

    Returns:
        str: the cgroup's budget (or why there is none), the wall clock, the run folder.
    """
    budget = dict(cpu_shares=limits.cpu_shares, memory_mb=limits.ram_mb, pids_max=limits.pids_max)
    try:
        group = cgroups.create(**budget)
    except OSError as exc:
        line = f"no cgroup ({exc}): per-process rlimits only"
        _say_once(_no_cgroup(exc))
    else:
        line = cgroups.describe(**budget)
        if group is not None:
            group.remove()
        elif cgroups.unavailable():
            _say_once(_no_cgroup(cgroups.unavailable()))
    rundir, mounted = make_run_folder(size_mb=limits.run_mb)
    remove_run_folder(rundir=rundir, mounted=mounted)
    run = (
        f"a {limits.run_mb} MiB tmpfs of its own"
        if mounted
        else f"a folder in {os.path.dirname(rundir)}"
    )
    wall = f"{limits.wall_s} s per notebook" if limits.wall_s else "no wall-clock budget"
    return f"{line}; {wall}; run folder on {run}"


_checked = {}


def preflight(*, enabled, limits=None):
    """Before the first student: start one sandbox (once per process), or say it is off.

    Args:
        enabled: False when grading with ``--no-sandbox``.
        limits: the ``Limits`` to probe with (default: ``Limits()``).

    Returns:
        str: a line for the log or report: the probe's, then the budget in force
        (:func:`budget_line`).

    Raises:
        grader.sandbox.SandboxUnavailable: the sandbox cannot start; the message names the fix.
    """
    if not enabled:
        return NO_SANDBOX_NOTE
    key = limits or sandbox.Limits()
    if key not in _checked:
        _checked[key] = f"{sandbox.probe(limits=key)}; {budget_line(key)}"
    return _checked[key]


def preflight_or_exit(*, command="nbgrader autograde"):
    """:func:`preflight` for a command that has no report of its own (``nbgrader_config.py``
    calls it for plain ``nbgrader autograde``): print why and exit before the first student.

    Args:
        command: the command's name, for the message.

    Returns:
        str: the probe's line, when the sandbox starts.

    Raises:
        SystemExit: with status 2 when the sandbox cannot start (the fix is on stderr).
    """
    try:
        return preflight(enabled=True)
    except sandbox.SandboxUnavailable as exc:
        print(f"{command}: no student graded: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def mark_feedback(*, folder):
    """Put :data:`NO_SANDBOX_NOTE` at the top of every HTML page under ``folder``.

    Args:
        folder: a feedback folder.

    Returns:
        int: how many pages were marked.
    """
    banner = (
        f'<p style="border:2px solid #c00;padding:.5em" class="grader-no-sandbox">'
        f"<strong>Note:</strong> {html.escape(NO_SANDBOX_NOTE)}.</p>"
    )
    count = 0
    for page in Path(folder).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        at = text.find(">", text.find("<body")) + 1 if "<body" in text else 0
        page.write_text(text[:at] + banner + text[at:], encoding="utf-8")
        count += 1
    return count
