"""The pre-warmed kernel server: runs inside its own bubblewrap sandbox, one per class.

Started by :mod:`grader.prewarm` as ``python .../grader/zygote.py --socket PATH`` (by its path,
standard library only besides the modules it pre-imports). It imports NumPy, TensorFlow, Keras,
matplotlib and ipykernel's kernel application, runs no TensorFlow op, checks that it is still a
thread besides OpenBLAS's pool (which OpenBLAS itself shuts down around a fork; forking a
process with other threads is not safe), then listens on ``PATH``.

Each connection is one kernel (the client is ``grader/zygote_launch.py``, outside). The server
forks a **handler** that owns the connection, and goes back to listening. The handler:

1. receives the request (JSON) and the descriptors: the kernel's stdout and stderr, its working
   copy and run folder (detached copies of their mounts), one ``cgroup.procs`` file per hierarchy;
2. joins the submission's cgroup (writes ``0`` to each file), so all that follows belongs to it;
3. unshares mount, PID, network, IPC, UTS and cgroup namespaces, and mounts, in its new mount
   namespace: fresh size-capped tmpfs folders on ``/tmp``, the home, ``/dev/shm`` and the working
   copy (the submitted files bound read-only into it), the run folder (writable), and an empty
   folder over this server's socket folder; nothing of the host is reachable from there; its
   network is its own loopback, nothing else;
4. forks the namespace's init (pid 1), which mounts a ``/proc`` of the new PID namespace, forks
   the kernel (pid 2) and reaps; when the kernel ends, init ends and with it every process left;
5. reports ``started``, then ``exit N`` when init is gone (N as bwrap gives it: 128 + the signal
   of a killed kernel); when the connection closes first (the client was killed), it kills init.

The kernel sets the rlimits, drops to the request's uid and gid with no new privileges, takes the
kernel environment and runs ``python -m MODULE ARGS`` (``ipykernel_launcher -f conn.json``) or
``python -c CODE ARGS``.
"""

import ctypes
import fcntl
import json
import os
import re
import runpy
import select
import signal
import socket
import struct
import sys
import threading

import kernel_guard  # beside this file, here and in the server's sandbox

_CLONE_NEWNS, _CLONE_NEWCGROUP, _CLONE_NEWUTS = 0x00020000, 0x02000000, 0x04000000
_CLONE_NEWIPC, _CLONE_NEWPID, _CLONE_NEWNET = 0x08000000, 0x20000000, 0x40000000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 1, 2, 4, 8
_MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 32, 4096, 16384, 1 << 18
_MNT_DETACH, _PR_SET_NO_NEW_PRIVS = 2, 38
_SIOCSIFFLAGS, _IFF_UP_LOOPBACK_RUNNING = 0x8914, 0x1 | 0x8 | 0x40
_MOVE_MOUNT, _AT_FDCWD = 429, -100  # move_mount(2): the same number on every architecture
_STAGE, _OLD = "/run/zygote-stage", "/run/zygote-old"
_libc = ctypes.CDLL(None, use_errno=True)
#: the modules every kernel gets already imported (matplotlib's backend set as ipykernel sets
#: it); a kernel's start imports the debugger (debugpy, 140 modules) and sqlite3 (its history)
PREWARMED = (
    "numpy",
    "tensorflow",
    "keras",
    "matplotlib",
    "ipykernel.kernelapp",
    "ipykernel.debugger",
    "sqlite3",
)


def _check(result, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _mount(source, target, fstype, flags, data=None):
    args = [a.encode() if a is not None else None for a in (source, target, fstype, data)]
    _check(
        _libc.mount(args[0], args[1], args[2], ctypes.c_ulong(flags), args[3]), f"mount {target}"
    )


def _tmpfs(target, size_mb, mode="1777"):
    os.makedirs(target, mode=0o755, exist_ok=True)
    flags = _MS_NOSUID | _MS_NODEV
    _mount("tmpfs", target, "tmpfs", flags, f"size={size_mb}m,mode={mode}")


def _bind(source, target, *, writable):
    """Bind ``source`` (a path, or the fd of a detached mount) at ``target``."""
    if isinstance(source, int) or os.path.isdir(source):
        os.makedirs(target, mode=0o755, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
        open(target, "a").close()
    if isinstance(source, int):  # move_mount(fd, "", AT_FDCWD, target, F_EMPTY_PATH)
        moved = _libc.syscall(_MOVE_MOUNT, source, b"", _AT_FDCWD, target.encode(), 4)
        _check(moved, f"move_mount {target}")
    else:
        _mount(source, target, None, _MS_BIND | _MS_REC)
    flags = _MS_REMOUNT | _MS_BIND | _MS_NOSUID | _MS_NODEV | (0 if writable else _MS_RDONLY)
    _mount(None, target, None, flags)


def _mount_points():
    """This namespace's mount points, in mount order."""
    with open("/proc/self/mountinfo", encoding="utf-8") as handle:
        points = [line.split()[4] for line in handle]
    return [re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), p) for p in points]


def _fresh_tmpfs(folder, size_mb, *, hide):
    """A new tmpfs on ``folder`` that keeps the server's binds below it (the venv or the
    course's ``helpers/`` when they live in ``/tmp``), read-only, except the hidden folder."""
    inside = folder.rstrip("/") + "/"
    below = [
        p for p in _mount_points() if p.startswith(inside) and not (p + "/").startswith(hide + "/")
    ]
    tops = [p for p in dict.fromkeys(below) if not any(p.startswith(o + "/") for o in below)]
    if tops:
        _bind(folder, _OLD, writable=False)
    _tmpfs(folder, size_mb)
    for point in tops:
        _bind(_OLD + point[len(folder.rstrip("/")) :], point, writable=False)
    if tops:
        _check(_libc.umount2(_OLD.encode(), _MNT_DETACH), "umount old folder")


def _mount_sandbox(request, fds):
    """Steps 2-3 of the module's docstring, in the handler."""
    for fd in fds["cgroups"]:
        os.write(fd, b"0")
        os.close(fd)
    flags = _CLONE_NEWNS | _CLONE_NEWPID | _CLONE_NEWNET | _CLONE_NEWIPC | _CLONE_NEWUTS
    _check(_libc.unshare(flags | _CLONE_NEWCGROUP), "unshare")
    _mount(None, "/", None, _MS_REC | _MS_PRIVATE)
    size = request["limits"]["tmp_mb"]
    for folder in ("/tmp", request["home"], "/dev/shm"):
        _fresh_tmpfs(folder, size, hide=request["hide"])
    _bind(fds["rundir"], request["rundir"], writable=True)
    workdir = request["workdir"]
    _bind(fds["workdir"], _STAGE, writable=False)
    _tmpfs(workdir, size)
    for name in sorted(os.listdir(_STAGE)):
        _bind(os.path.join(_STAGE, name), os.path.join(workdir, name), writable=False)
    _check(_libc.umount2(_STAGE.encode(), _MNT_DETACH), "umount stage")
    _tmpfs(request["hide"], 1, mode="0755")
    os.close(fds["rundir"])
    os.close(fds["workdir"])
    hostname = b"sandbox"
    _check(_libc.sethostname(hostname, len(hostname)), "sethostname")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:  # loopback up, as bwrap does
        fcntl.ioctl(probe, _SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", _IFF_UP_LOOPBACK_RUNNING))


def _run_kernel(request, out, err):
    """The kernel (pid 2): limits, user, environment, then ``python -m``/``-c`` ARGS."""
    limits, uid = request["limits"], request["uid"]
    kernel_guard.set_memory_limit(limits["memory_mb"])
    kernel_guard.confine(
        processes=limits["processes"],
        file_mb=limits["file_mb"],
        cpu_s=limits["cpu_s"],
        uid=uid,
        gid=uid,
    )
    _check(_libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    null = os.open(os.devnull, os.O_RDONLY)
    for source, target in ((null, 0), (out, 1), (err, 2)):
        os.dup2(source, target)
    os.closerange(3, 65536)
    os.chdir(request["workdir"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.modules["numpy"].random.seed()  # as a new process would, not the server's state
    option, target, *args = request["argv"]
    sys.path[0] = os.getcwd() if option == "-m" else ""  # as python -m / -c set it
    code = 0
    try:
        if option == "-m":
            sys.argv = [target, *args]
            runpy.run_module(target, run_name="__main__", alter_sys=True)
        else:
            sys.argv = ["-c", *args]
            exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return code


def _init(request, out, err):
    """The PID namespace's init: mount its /proc, fork the kernel, reap until it ends."""
    _mount("proc", "/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC)
    kernel = os.fork()
    if kernel == 0:
        code = 1
        try:
            code = _run_kernel(request, out, err)
        except BaseException as exc:  # noqa: BLE001 - reported on the kernel's stderr
            os.write(2, f"zygote: the kernel did not start: {exc!r}\n".encode())
        finally:
            sys.stdout.flush() if sys.stdout else None
            os._exit(code)
    os.close(out)
    os.close(err)
    while True:
        pid, status = os.wait()
        if pid == kernel:
            return 128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def _handle(conn):
    """One kernel, from request to exit (the handler; see the module's docstring)."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 16)
    request = json.loads(data.decode())
    out, err, workdir, rundir, *cgroup_fds = fds
    try:
        _mount_sandbox(request, dict(workdir=workdir, rundir=rundir, cgroups=cgroup_fds))
        init = os.fork()
    except OSError as exc:
        conn.sendall(f"error {exc}\n".encode())
        return 2
    if init == 0:
        code = 1
        try:
            conn.detach()
            code = _init(request, out, err)
        finally:
            os._exit(code)
    os.close(out)
    os.close(err)
    conn.sendall(b"started\n")
    pidfd = os.pidfd_open(init)
    while True:
        ready, _, _ = select.select([conn, pidfd], [], [])
        if pidfd in ready:
            _, status = os.waitpid(init, 0)
            code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
            conn.sendall(f"exit {code}\n".encode())
            return 0
        if not conn.recv(1):  # the client is gone: end the namespace
            os.kill(init, signal.SIGKILL)


def _threads():
    return len(os.listdir("/proc/self/task"))


def serve(path):
    """Import what every kernel needs, then fork a handler per connection, forever."""
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # debugpy's import warns on stderr
    __import__(PREWARMED[0])
    blas_pool = _threads()  # OpenBLAS's own pool: shut down at fork by its atfork handler
    for name in PREWARMED[1:]:
        __import__(name)
    if threading.active_count() != 1 or _threads() != blas_pool:
        raise SystemExit(f"zygote: the imports started threads ({_threads()} after {blas_pool})")
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # handlers are reaped by the system
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path + ".new")
    server.listen(16)
    os.rename(path + ".new", path)  # the socket appears once it answers
    while True:
        conn, _ = server.accept()
        if os.fork() == 0:
            code = 2
            try:
                server.detach()
                code = _handle(conn)
            except BaseException as exc:  # noqa: BLE001 - the client sees it
                try:
                    conn.sendall(f"error {exc!r}\n".encode())
                except OSError:
                    pass
            finally:
                os._exit(code)
        conn.close()


if __name__ == "__main__":
    if sys.argv[1:2] != ["--socket"] or len(sys.argv) != 3:
        raise SystemExit("usage: python zygote.py --socket PATH")
    serve(sys.argv[2])
