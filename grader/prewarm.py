"""Pre-warmed grading kernels: one kernel server per class, a fork per submission.

Every sandboxed kernel used to start Python and import TensorFlow (about 2 s of CPU) before the
student's first line. With ``GuardedExecute.prewarm`` the grading process keeps one server
(``grader/zygote.py``) in a bubblewrap sandbox of its own that has imported NumPy, TensorFlow,
Keras, matplotlib and ipykernel, and nothing of any student; each kernel is a fork of it.

What each kernel gets, and why it is as isolated as a kernel of its own ``bwrap``:

- **its own namespaces**: mount, PID (the kernel is pid 2 under an init of its own: when it
  ends, every process it started ends), network (none), IPC, UTS and cgroup;
- **its own folders**: fresh size-capped tmpfs folders for ``/tmp``, the home, ``/dev/shm`` and
  the working copy (the submitted files bound read-only), its run folder; the server's socket
  folder is covered; what one kernel writes, no other sees;
- **its own budget**: the submission's cgroup (joined before anything else), rlimits, the wall
  clock (the guard in front of the client joins the group, so ending the group ends all);
- **no privileges**: the server runs as root with the capabilities the sandbox needs to mount
  (``--cap-add``); the kernel drops to its uid, with no new privileges, before the student's
  code; the server runs no student code and learns nothing from a kernel but its exit status.

With several grading workers on one machine (``grader.executors.local``), the grading process
starts the server with :func:`share` before the first student, while its workers set up, and
hands it to them in :data:`SHARED`: one server's imports for the whole class. A worker whose
handed server has ended starts one of its own.

What forking cannot give: the server needs root (mounting tmpfs folders per kernel); a grader
that is not root keeps one ``bwrap`` per kernel (:func:`available` says why). TensorFlow's own
state is the import's, the same for every student: no op ran in the server.
"""

import atexit
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from grader import sandbox
from grader.sandbox_mounts import server_mount_options
from grader.zygote_launch import alive

__all__ = [
    "CAPABILITIES",
    "SHARED",
    "available",
    "launch_command",
    "server_socket",
    "share",
    "stop",
]

#: what the server keeps of root's capabilities (mounts, namespaces, a loopback, the kernel's uid)
CAPABILITIES = (
    "CAP_SYS_ADMIN",
    "CAP_NET_ADMIN",
    "CAP_SETUID",
    "CAP_SETGID",
    "CAP_DAC_OVERRIDE",
    "CAP_FOWNER",
)
#: seconds a server may take to import everything before the kernels do without it
START_S = 120
_SCRIPTS = Path(__file__).resolve().parent
_log = logging.getLogger("grader.sandbox")
#: the variable that hands a grading worker the server its grading process started: ``PID:SOCKET``
SHARED = "GRADER_KERNEL_SERVER"
_server = {}  # this process's server: pid of the owner, Popen, folder, socket (or broken)
_handed = set()  # SHARED values this process found gone: not waited for again


def available():
    """Whether kernels can be forked from a server here.

    Returns:
        str: "" when they can; else why not (the kernels then get a ``bwrap`` each).
    """
    if os.geteuid() != 0:
        return "the grader is not root: it cannot mount a kernel's folders"
    if not hasattr(os, "pidfd_open"):
        return "this Python has no os.pidfd_open"
    return ""


def _server_command(*, folder, environ, tmp_mb):
    import helpers

    helpers_dir = Path(helpers.__file__).resolve().parent
    cmd = [sandbox._bwrap(), "--die-with-parent", "--clearenv"]
    cmd += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
    for cap in CAPABILITIES:
        cmd += ["--cap-add", cap]
    cmd += server_mount_options(
        socket_dir=folder,
        script=_SCRIPTS / "zygote.py",
        helpers_dir=helpers_dir,
        tmp_mb=tmp_mb,
        home=sandbox.SANDBOX_HOME,
    )
    env = sandbox.kernel_environment(environ=environ, helpers_parent=helpers_dir.parent)
    for var, value in sorted(env.items()):
        cmd += ["--setenv", var, value]
    python = os.path.join(sys.prefix, "bin", "python")
    cmd += ["--hostname", "sandbox", "--chdir", "/", "--"]
    return cmd + [python, str(_SCRIPTS / "zygote.py"), "--socket", os.path.join(folder, "sock")]


def share(*, environ, tmp_mb):
    """Start this process's server now, without waiting for its imports, for the grading
    workers it starts next (they get it in their environment).

    Args:
        environ: the environment of the workers' kernels, unsandboxed (threads per kernel).
        tmp_mb: the size of the server's own ``/tmp``, MiB.

    Returns:
        dict: ``{SHARED: "PID:SOCKET"}`` for the workers' environment; ``{}`` where kernels
        cannot be forked here or this process's server could not start before.
    """
    if available() or (_server.get("owner") == os.getpid() and _server.get("broken")):
        return {}
    if not _running():
        stop()
        _start(environ=environ, tmp_mb=tmp_mb)
    return {SHARED: f"{_server['process'].pid}:{_server['socket']}"}


def server_socket(*, environ, limits):
    """The server's socket: the one handed to this worker (:data:`SHARED`) while it runs, else
    this process's own, started when it has none (or its server died).

    Args:
        environ: the environment the kernels would get unsandboxed.
        limits: a ``grader.sandbox.Limits`` (its ``tmp_mb`` sizes the server's own ``/tmp``).

    Returns:
        str or None: the server's socket (it appears once the server has imported everything),
        or None when this process's server could not start: the log says why, once, and the
        kernels get a ``bwrap`` each.
    """
    found = _find_server(environ=environ, limits=limits)
    return found[0] if found else None


def _find_server(*, environ, limits):
    """``(socket, pid)`` of the server handed to this worker, else of this process's own; None
    when neither can serve."""
    found = _server_of_parent()
    if found is None:
        own = _own_socket(environ=environ, limits=limits)
        found = (own, _server["process"].pid) if own else None
    return found


def _running():
    return (
        _server.get("owner") == os.getpid()
        and "process" in _server
        and (_server["process"].poll() is None)
    )


def _own_socket(*, environ, limits):
    if _server.get("owner") == os.getpid():
        if _server.get("broken"):
            return None
        if _server["process"].poll() is None and os.path.exists(_server["socket"]):
            return _server["socket"]
    if not _running():
        stop()  # it served, then died: start another
        _start(environ=environ, tmp_mb=limits.tmp_mb)
    deadline = time.monotonic() + START_S
    while not os.path.exists(_server["socket"]):
        if _server["process"].poll() is not None or time.monotonic() > deadline:
            log = Path(_server["folder"], "server.log").read_text(errors="replace")
            why = (log.strip().splitlines() or ["no message"])[-1]
            _log.warning("kernels are not pre-warmed (the server did not start: %s)", why)
            stop()
            _server.update(owner=os.getpid(), broken=why)
            return None
        time.sleep(0.02)
    return _server["socket"]


def _server_of_parent():
    """``(socket, pid)`` of the server handed to this worker (:data:`SHARED`), once it listens;
    None when none was handed, or it ended (then the log says so, once)."""
    handed = os.environ.get(SHARED, "")
    if not handed or _server.get("owner") == os.getpid() or handed in _handed:
        return None
    pid, _, path = handed.partition(":")
    deadline = time.monotonic() + START_S
    while alive(pid) and not os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.02)
    if alive(pid) and os.path.exists(path):
        return path, int(pid)
    _handed.add(handed)
    _log.warning("the grading process's kernel server has ended: this worker starts its own")
    return None


def _start(*, environ, tmp_mb):
    folder = tempfile.mkdtemp(prefix="grader-zygote-")
    log = open(os.path.join(folder, "server.log"), "wb")
    process = subprocess.Popen(
        _server_command(folder=folder, environ=environ, tmp_mb=tmp_mb),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    log.close()
    _server.clear()
    _server.update(
        owner=os.getpid(), process=process, folder=folder, socket=os.path.join(folder, "sock")
    )


def stop():
    """End this process's server and remove its folder (at exit; idempotent).

    Returns:
        None
    """
    if _server.get("owner") != os.getpid() or "process" not in _server:
        return
    process = _server.pop("process")
    if process.poll() is None:
        process.kill()
        process.wait()
    shutil.rmtree(_server.pop("folder"), ignore_errors=True)
    _server.clear()


atexit.register(stop)


def launch_command(*, command, cwd, env, box, home=sandbox.SANDBOX_HOME):
    """The client command that gets a forked kernel for ``command`` (see the module).

    Args:
        command: the kernel command: ``[python, "-m", module, *args]`` (or ``"-c", code``).
        cwd: the kernel's working copy (its owner already the kernel's uid).
        env: the environment the kernel would get unsandboxed.
        box: the kernel's ``grader.kernel_sandbox.Box`` (run folder, cgroup, limits).
        home: the student's home inside.

    Returns:
        list of str, or None when ``command`` is neither ``python -m MODULE ...`` nor
        ``python -c CODE ...``, or the server could not start.
    """
    if len(command) < 3 or command[1] not in ("-m", "-c"):
        return None
    import helpers

    helpers_parent = Path(helpers.__file__).resolve().parent.parent
    limits = box.limits
    found = _find_server(environ=env, limits=limits)
    if found is None:
        return None
    socket_path, server_pid = found
    request = dict(
        workdir=str(cwd),
        rundir=box.rundir,
        home=home,
        hide=os.path.dirname(socket_path),
        uid=sandbox.kernel_uid(),
        env=sandbox.kernel_environment(environ=env, helpers_parent=helpers_parent),
        argv=command[1:],
        limits=dict(
            memory_mb=limits.memory_mb,
            processes=limits.processes,
            file_mb=limits.file_mb,
            cpu_s=limits.cpu_s,
            tmp_mb=limits.tmp_mb,
        ),
    )
    spec = dict(
        socket=socket_path,
        server_pid=server_pid,
        workdir=str(cwd),
        rundir=box.rundir,
        cgroup_files=box.cgroup.enter_files if box.cgroup is not None else [],
        request=request,
    )
    client = str(_SCRIPTS / "zygote_launch.py")
    return [os.path.join(sys.prefix, "bin", "python"), "-S", client, json.dumps(spec)]
