"""A bubblewrap sandbox around every grading kernel.

What the student's code sees inside (:func:`sandbox_command`):

- the system (``/usr``, a few ``/etc`` files), the Python installation (``sys.base_prefix``),
  the venv and the course's ``helpers/`` package, read-only, at their own paths;
- its working copy (the folder nbgrader executes the notebook in) as a private, size-capped
  ``tmpfs`` in which the submitted files are bound read-only: the kernel may write there, up
  to the cap, and nothing it writes outlives it (nothing reaches ``autograded/``);
- the folder holding the kernel's connection file and ZeroMQ sockets (``transport = "ipc"``:
  there is no network, not even loopback, to talk over TCP), writable: it is not host disk but
  a tmpfs of ``Limits.run_mb`` that the grader mounts for this one kernel
  (``grader.kernel_sandbox``; without root, a folder in ``/dev/shm``);
- nothing else of the course or of the grader's home; a private, size-capped ``/tmp`` and home;
- new IPC, UTS, cgroup, network and PID namespaces (``--die-with-parent``: when the kernel
  ends, every process the student started ends with it);
- a minimal environment (:func:`kernel_environment`), none of the grader's variables;
- the per-process limits of :class:`Limits` (memory, processes, file size, CPU time), set by
  ``grader/kernel_guard.py`` (the one file of the grader bound inside, read-only) inside the
  sandbox, which then drops to an unprivileged uid/gid when the grader is root;
- one budget for the sandbox as a whole (``grader.cgroups``): CPU weight below a grader's,
  memory including every tmpfs above, a process count, and a wall-clock budget per notebook
  after which every process of the sandbox is killed (``grader.kernel_sandbox``). The guard
  in front of ``bwrap`` (outside) joins the group before ``bwrap`` starts.

:func:`probe` starts one sandbox before grading: when it cannot start, grading stops with
:class:`SandboxUnavailable`, whose message names the fix.
"""

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

from grader.sandbox_mounts import mount_options

__all__ = [
    "INSTALL_HINT",
    "KEPT_VARIABLES",
    "KERNEL_UID_BASE",
    "Limits",
    "SANDBOX_HOME",
    "SANDBOX_UID",
    "SandboxUnavailable",
    "exit_signal",
    "kernel_environment",
    "kernel_uid",
    "outer_guard",
    "probe",
    "sandbox_command",
    "set_owner",
]

#: the unprivileged user and group of the probe ("nobody"); kernels get :func:`kernel_uid`
SANDBOX_UID = 65534
#: kernels run as uid = gid = this + the grading process's pid % 100000 (no passwd entry):
#: each worker's kernel has its own RLIMIT_NPROC count, so a fork flood in one submission
#: cannot starve the kernel of another student graded at the same time
KERNEL_UID_BASE = 200000
#: the student's home inside the sandbox (a private tmpfs)
SANDBOX_HOME = "/home/student"
#: what to do when the sandbox cannot start
INSTALL_HINT = (
    "install bubblewrap (as root: apt-get install bubblewrap) and, when grading as a "
    "user other than root, enable user namespaces (sysctl -w "
    "kernel.unprivileged_userns_clone=1 and user.max_user_namespaces=10000); or grade "
    "without a sandbox with --no-sandbox (GuardedExecute.sandbox = False), at your risk"
)
#: the only variables a kernel gets from the grader's environment (threads, TF log level)
KEPT_VARIABLES = (
    "TF_NUM_INTRAOP_THREADS",
    "TF_NUM_INTEROP_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "TF_CPP_MIN_LOG_LEVEL",
    "TF_ENABLE_ONEDNN_OPTS",
    "CUDA_VISIBLE_DEVICES",
    "PYTHONHASHSEED",
    "TZ",
)


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start on this machine; the message says why and how to fix it."""


@dataclasses.dataclass(frozen=True)
class Limits:
    """Resource limits of one grading kernel (0: no limit).

    Per process: ``memory_mb`` is ``RLIMIT_DATA``; ``processes`` is ``RLIMIT_NPROC`` of the
    sandbox user (threads count: TensorFlow starts a few dozen); ``file_mb`` the largest file
    it may write; ``cpu_s`` the CPU seconds one process may use; ``tmp_mb`` the size of its
    ``/tmp``, of its home and of its working copy, each; ``run_mb`` the size of its run folder.

    For the whole sandbox (``grader.cgroups``; kept only where cgroups can be used):
    ``cpu_shares`` its CPU weight (a grader's own process has 1024); ``ram_mb`` its memory,
    tmpfs pages included (room for a 1 GB kernel and its three tmpfs folders full; lessons 01
    and 07 peak near 400 MiB, about 30 threads); ``pids_max`` its processes and threads.
    ``wall_s``: seconds one notebook may take, kernel start included, after which every
    process of the sandbox is killed (with or without cgroups).
    """

    memory_mb: int = 8192
    processes: int = 1024
    file_mb: int = 64
    cpu_s: int = 3600
    tmp_mb: int = 256
    run_mb: int = 4
    cpu_shares: int = 512
    ram_mb: int = 2048
    pids_max: int = 512
    wall_s: int = 900


def _bwrap():
    return shutil.which("bwrap") or ("/usr/bin/bwrap" if os.path.exists("/usr/bin/bwrap") else None)


def kernel_environment(*, environ, helpers_parent):
    """The whole environment of a sandboxed kernel.

    Args:
        environ: the environment the kernel would get without a sandbox (a mapping).
        helpers_parent: the folder that holds the course's ``helpers`` package.

    Returns:
        dict: ``PATH``, ``HOME``, locale, tool folders inside the home, ``PYTHONPATH``, and
        the variables of :data:`KEPT_VARIABLES` that ``environ`` sets.
    """
    env = {var: environ[var] for var in KEPT_VARIABLES if var in environ}
    home = SANDBOX_HOME
    env.update(
        {
            "PATH": f"{Path(sys.prefix) / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "HOME": home,
            "USER": "student",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PYTHONPATH": str(helpers_parent),
            "PYTHONDONTWRITEBYTECODE": "1",
            "IPYTHONDIR": f"{home}/.ipython",
            "MPLCONFIGDIR": f"{home}/.matplotlib",
            "KERAS_HOME": f"{home}/.keras",
            "JUPYTER_CONFIG_DIR": f"{home}/.jupyter",
            "JUPYTER_DATA_DIR": f"{home}/.local/share/jupyter",
            "JUPYTER_RUNTIME_DIR": f"{home}/.runtime",
            "TMPDIR": "/tmp",
        }
    )
    return env


def kernel_uid():
    """The uid (and gid) of this grading process's kernels when the grader is root.

    Returns:
        int: ``KERNEL_UID_BASE + pid % 100000``.
    """
    return KERNEL_UID_BASE + os.getpid() % 100000


def sandbox_command(
    *,
    command,
    workdir,
    rundir,
    environ,
    limits,
    uid=SANDBOX_UID,
    helpers_dir=None,
    cgroup=None,
    log="",
):
    """The command that runs ``command`` (a kernel) inside the sandbox.

    Args:
        command: the kernel command (list of str); its paths must be visible inside.
        workdir: the student's working copy (the kernel's current folder: a size-capped
            tmpfs inside, its files bound read-only).
        rundir: the folder of the connection file and sockets (writable).
        environ: the environment the kernel would get unsandboxed (see
            :func:`kernel_environment`).
        limits: a :class:`Limits`.
        uid: the user (and group) the kernel runs as when the grader is root.
        helpers_dir: the course's ``helpers`` package folder (default: the one imported here).
        cgroup: a ``grader.cgroups.Cgroup`` the sandbox joins before ``bwrap`` starts (None:
            none).
        log: file for the sandbox's own stdout/stderr ("": inherited).

    Returns:
        list of str: ``bwrap ... -- python -S .../grader/kernel_guard.py ... -- command``,
        after ``python -S .../grader/kernel_guard.py --cgroup ... --log ... --`` when
        ``cgroup`` or ``log`` is given.

    Raises:
        SandboxUnavailable: when ``bwrap`` is not installed.
    """
    bwrap = _bwrap()
    if bwrap is None:
        raise SandboxUnavailable(f"bubblewrap (bwrap) is not installed: {INSTALL_HINT}")
    if helpers_dir is None:
        import helpers

        helpers_dir = Path(helpers.__file__).resolve().parent
    root = os.geteuid() == 0
    cmd = [bwrap, "--die-with-parent", "--clearenv"]
    # As root, no user namespace: the guard inside drops to an unprivileged uid itself.
    cmd += (
        ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
        if root
        else ["--unshare-all"]
    )
    cmd += mount_options(
        workdir=workdir,
        rundir=rundir,
        helpers_dir=helpers_dir,
        tmp_mb=limits.tmp_mb,
        home=SANDBOX_HOME,
    )
    env = kernel_environment(environ=environ, helpers_parent=Path(helpers_dir).parent)
    for var, value in sorted(env.items()):
        cmd += ["--setenv", var, value]
    cmd += ["--hostname", "sandbox", "--chdir", str(workdir), "--"]
    # -S: no site (the guard is standard library only): a faster start
    from grader import kernel_guard

    guard = kernel_guard.command(os.path.join(sys.prefix, "bin", "python")) + [
        "--memory-mb",
        str(limits.memory_mb),
        "--processes",
        str(limits.processes),
        "--file-mb",
        str(limits.file_mb),
        "--cpu-s",
        str(limits.cpu_s),
    ]
    if root:
        guard += ["--uid", str(uid), "--gid", str(uid)]
    cmd = cmd + guard + ["--", *command]
    if cgroup is None and not log:
        return cmd
    return outer_guard(cgroup=cgroup, log=log) + ["--", *cmd]


def outer_guard(*, cgroup, log):
    """The guard that runs outside a sandbox: joins its cgroup, redirects its output.

    Args:
        cgroup: a ``grader.cgroups.Cgroup`` (None: none).
        log: file for the sandbox's stdout/stderr ("": inherited).

    Returns:
        list of str: to be followed by ``--`` and the command.
    """
    from grader import kernel_guard

    outer = kernel_guard.command() + ["--memory-mb", "0"]
    for path in cgroup.enter_files if cgroup is not None else []:
        outer += ["--cgroup", path]
    return outer + (["--log", log] if log else [])


def set_owner(*, paths, uid=None):
    """Give folders (recursively) to the sandbox user, or back to the grader.

    Args:
        paths: folders to change.
        uid: the new owner (uid = gid); None: the grader's own uid/gid.

    Returns:
        None. Does nothing unless the grader is root (only then does the kernel run as
        another user).
    """
    if os.geteuid() != 0:
        return
    uid_, gid = (os.getuid(), os.getgid()) if uid is None else (uid, uid)
    for top in paths:
        for folder, dirs, files in os.walk(top):
            for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
                try:
                    os.lchown(name, uid_, gid)
                except FileNotFoundError:
                    pass


def exit_signal(code):
    """The signal that killed a sandboxed kernel, from the exit status bwrap reports.

    Args:
        code: the exit status of the ``bwrap`` process (``Popen.returncode``).

    Returns:
        int or None: the signal number (bwrap exits with 128 + N when the kernel was killed
        by signal N), or None when the kernel exited by itself.
    """
    if code is None:
        return None
    if code < 0:
        return -code
    return code - 128 if 128 < code < 128 + 65 else None


_PROBE = (
    "import os, socket, sys; err = socket.socket().connect_ex(('127.0.0.1', 9)); "
    "print(os.getuid(), any(os.path.exists(p) for p in sys.argv[1:]), err != 0)"
)


def probe(*, limits=None, timeout=60):
    """Start one sandbox and check it: no network, no grader home, the expected user.

    Args:
        limits: the :class:`Limits` to start it with (default: ``Limits()``).
        timeout: seconds to wait.

    Returns:
        str: one line describing the sandbox (for logs).

    Raises:
        SandboxUnavailable: when it cannot start or is not isolated; the message names the fix.
    """
    import tempfile

    home = Path.home()
    private = [
        str(p)
        for p in (home.iterdir() if home.is_dir() else [])
        if not Path(sys.base_prefix).resolve().is_relative_to(p.resolve())
    ][:20]
    with tempfile.TemporaryDirectory(prefix="sandbox-probe-") as tmp:
        work, run = Path(tmp, "work"), Path(tmp, "run")
        work.mkdir()
        run.mkdir()
        set_owner(paths=[tmp], uid=SANDBOX_UID)
        os.chmod(tmp, 0o755)
        cmd = sandbox_command(
            command=[sys.executable, "-I", "-c", _PROBE, *private],
            workdir=work,
            rundir=run,
            environ=os.environ,
            limits=limits or Limits(),
        )
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SandboxUnavailable(
                f"the grading sandbox did not start ({exc}): {INSTALL_HINT}"
            ) from None
    if proc.returncode != 0:
        why = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        raise SandboxUnavailable(
            f"the grading sandbox did not start (bwrap: {why}): {INSTALL_HINT}"
        )
    uid, home_seen, offline = proc.stdout.split()
    expected = str(SANDBOX_UID) if os.geteuid() == 0 else str(os.getuid())
    if uid != expected or home_seen != "False" or offline != "True":
        raise SandboxUnavailable(
            f"the grading sandbox is not isolated (uid {uid}, grader's home "
            f"visible: {home_seen}, offline: {offline}): {INSTALL_HINT}"
        )
    return f"sandbox ok: {_bwrap()}, uid {uid}, no network, private /tmp and home"
