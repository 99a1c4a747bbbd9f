"""Ask the pre-warmed kernel server (``grader/zygote.py``) for one kernel; live as long as it.

Usage (``grader.prewarm.launch_command`` builds it; the kernel manager starts it in place of
``bwrap``, behind the guard that joins the submission's cgroup)::

    python -S .../grader/zygote_launch.py 'SPEC'

``SPEC`` (JSON) names the server's socket, the working copy, the run folder, the
``cgroup.procs`` files and the kernel's request (see ``grader/zygote.py``). This process opens
detached copies of the folders' mounts and the files, hands them with its own stdout and stderr to the server, and waits:
it exits with the kernel's status (128 + N when signal N killed it, as ``bwrap`` does), and when
it is killed, the server ends the kernel's namespace. Standard library only.
"""

import ctypes
import json
import os
import socket
import sys
import time

__all__ = ["WAIT_S", "alive", "clone_tree", "main"]

#: seconds to wait for the server's socket (the server imports TensorFlow first)
WAIT_S = 120
#: open_tree(2), the same number on every architecture, and its flags
_OPEN_TREE, _OPEN_TREE_CLONE, _AT_FDCWD = 428, 1, -100


def clone_tree(path):
    """A detached copy of the mount of ``path`` (``open_tree(OPEN_TREE_CLONE)``), as a file
    descriptor: the server attaches it in the kernel's mount namespace (a plain bind mount
    cannot take a folder of another namespace)."""
    libc = ctypes.CDLL(None, use_errno=True)
    flags = _OPEN_TREE_CLONE | os.O_CLOEXEC
    fd = libc.syscall(_OPEN_TREE, _AT_FDCWD, os.fsencode(path), ctypes.c_uint(flags))
    if fd < 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"open_tree {path}: {os.strerror(errno)}")
    return fd


def alive(pid):
    """Whether process ``pid`` runs (a zombie does not)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except OSError:
        return False


def _connect(path, server_pid):
    """Connect once the server listens; give up when it has ended or after :data:`WAIT_S`."""
    deadline = time.monotonic() + WAIT_S
    while True:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(path)
            return conn
        except OSError:
            conn.close()
            if time.monotonic() > deadline or not alive(server_pid):
                raise
            time.sleep(0.02)


def main(argv):
    """Send the request, relay the server's answer; returns the exit status."""
    if len(argv) != 1:
        print("usage: python -S zygote_launch.py SPEC", file=sys.stderr)
        return 2
    spec = json.loads(argv[0])
    try:
        conn = _connect(spec["socket"], spec["server_pid"])
    except OSError as exc:
        print(f"zygote_launch: no kernel server at {spec['socket']}: {exc}", file=sys.stderr)
        return 2
    fds = [1, 2, clone_tree(spec["workdir"]), clone_tree(spec["rundir"])]
    fds += [os.open(path, os.O_WRONLY) for path in spec["cgroup_files"]]
    socket.send_fds(conn, [json.dumps(spec["request"]).encode()], fds)
    for fd in fds[2:]:
        os.close(fd)
    reader = conn.makefile("r", encoding="utf-8")
    for line in reader:
        word, _, rest = line.strip().partition(" ")
        if word == "exit":
            return int(rest)
        if word == "error":
            print(f"zygote_launch: the kernel did not start: {rest}", file=sys.stderr)
            return 2
    print("zygote_launch: the kernel server closed the connection", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
