"""A sandboxed grading kernel's life, for the kernel manager: before, launch, after.

``grader.kernel.GuardedKernelManager`` calls :func:`prepare` before the connection file is
written (unix-socket transport, files in a private run folder), :func:`launch_command` to
wrap the kernel command (see ``grader.sandbox``), and :func:`release` when the kernel is gone.
:func:`preflight` runs once before grading; :func:`mark_feedback` labels the pages of a
class graded with ``--no-sandbox``.
"""

import html
import os
import shutil
import sys
import tempfile
from pathlib import Path

from grader import sandbox

__all__ = ["NO_SANDBOX_NOTE", "launch_command", "mark_feedback", "preflight", "preflight_or_exit", "prepare",
           "release"]

#: what the report, the CSV and every feedback page say when grading ran without the sandbox
NO_SANDBOX_NOTE = "graded WITHOUT the sandbox (--no-sandbox): student code ran with the grader's rights"


def prepare(*, km):
    """Point a kernel manager at a fresh run folder and the ``ipc`` transport.

    Args:
        km: a jupyter_client ``KernelManager`` that has not started its kernel yet.

    Returns:
        str: the run folder (remove it with :func:`release`).
    """
    rundir = tempfile.mkdtemp(prefix="kernel-run-")
    os.chmod(rundir, 0o755)
    km.transport = "ipc"
    km.connection_file = os.path.join(rundir, "kernel.json")
    km.ip = os.path.join(rundir, "kernel-ipc")
    # Interrupt through the control channel: SIGINT to the process group would hit bwrap.
    km.kernel_spec.interrupt_mode = "message"
    return rundir


def launch_command(*, command, cwd, env, rundir, limits, log=""):
    """The command that starts ``command`` in the sandbox; gives the folders to its user.

    Args:
        command: the kernel command, as the kernel manager formatted it.
        cwd: the kernel's working folder (the student's working copy; None: a new folder).
        env: the environment the kernel would get without the sandbox.
        rundir: the folder from :func:`prepare`.
        limits: a ``grader.sandbox.Limits``.
        log: file for the sandbox's own stdout/stderr ("": inherited).

    Returns:
        tuple: ``(command, cwd, env)``: ``env`` is the launcher's own (the kernel's is set
        inside the sandbox).

    Raises:
        grader.sandbox.SandboxUnavailable: when bwrap is missing.
    """
    cwd = str(cwd) if cwd else tempfile.mkdtemp(prefix="kernel-work-", dir=rundir)
    sandbox.set_owner(paths=[cwd, rundir], uid=sandbox.kernel_uid())
    cmd = sandbox.sandbox_command(command=command, workdir=cwd, rundir=rundir, environ=env,
                                  limits=limits, uid=sandbox.kernel_uid())
    if log:  # the guard outside only redirects output; the limits are set inside
        from grader import kernel_guard
        cmd = kernel_guard.command() + ["--memory-mb", "0", "--log", log, "--", *cmd]
    import helpers
    outer = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",  # bwrap's own environment
             "PYTHONPATH": str(Path(helpers.__file__).resolve().parent.parent)}
    return cmd, cwd, outer


def release(*, rundir, workdir):
    """After the kernel: remove the run folder, give the working copy back to the grader.

    Args:
        rundir: the folder from :func:`prepare` (None: nothing to remove).
        workdir: the kernel's working folder (None: nothing to give back). Nothing the kernel
            wrote is there: inside the sandbox it was a tmpfs.

    Returns:
        None
    """
    if workdir and os.path.isdir(workdir):
        sandbox.set_owner(paths=[workdir])
    if rundir:
        shutil.rmtree(rundir, ignore_errors=True)


_checked = {}


def preflight(*, enabled, limits=None):
    """Before the first student: start one sandbox (once per process), or say it is off.

    Args:
        enabled: False when grading with ``--no-sandbox``.
        limits: the ``Limits`` to probe with (default: ``Limits()``).

    Returns:
        str: a line for the log or report.

    Raises:
        grader.sandbox.SandboxUnavailable: the sandbox cannot start; the message names the fix.
    """
    if not enabled:
        return NO_SANDBOX_NOTE
    key = limits or sandbox.Limits()
    if key not in _checked:
        _checked[key] = sandbox.probe(limits=key)
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
    banner = (f'<p style="border:2px solid #c00;padding:.5em" class="grader-no-sandbox">'
              f"<strong>Note:</strong> {html.escape(NO_SANDBOX_NOTE)}.</p>")
    count = 0
    for page in Path(folder).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        at = text.find(">", text.find("<body")) + 1 if "<body" in text else 0
        page.write_text(text[:at] + banner + text[at:], encoding="utf-8")
        count += 1
    return count
