"""What a grading sandbox mounts: the system, Python and the venv, ``helpers/``, the guard, the
run folder and the working copy (:func:`mount_options`, used by :mod:`grader.sandbox`).

Everything is bound read-only except the run folder and the private tmpfs folders; parent
folders that bwrap would create as 0700 are made 0755 first, so the unprivileged kernel can
cross them.
"""

import os
import sys
from pathlib import Path

__all__ = ["mount_options", "server_mount_options"]

#: /etc entries a kernel needs (dynamic linker, users, time zone); nothing else of /etc
_ETC = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "alternatives",
    "passwd",
    "group",
    "nsswitch.conf",
    "localtime",
    "timezone",
    "mime.types",
)
_SYSTEM = ("/usr", "/sys/devices/system/cpu")
_LINKS = ("/bin", "/lib", "/lib64", "/sbin")


def _python_mounts():
    """Read-only binds of the Python installation and the venv, symlinks kept as such."""
    ops, seen = [], set()
    for path in (sys.base_prefix, sys.prefix, sys.exec_prefix):
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            ops.append(["--ro-bind", real, real])
    for path in (sys.prefix, sys.exec_prefix):  # e.g. a `.venv` symlink to a shared venv
        path = Path(os.path.abspath(path))
        first = next((p for p in [*reversed(path.parents), path] if p.is_symlink()), None)
        if first is not None and str(first) not in seen:
            seen.add(str(first))
            ops.append(["--symlink", os.readlink(first), str(first)])
    return ops


def _guard_path():
    """The kernel guard's file (standard library only: it runs as a script inside)."""
    from grader import kernel_guard

    return kernel_guard.command()[-1]


def _system_options(*, helpers_dir, tmp_mb, home):
    """The ops every sandbox shares: system, Python, ``helpers/`` without its answers, the
    guard, a private ``/dev``, ``/proc``, ``/tmp`` and home."""
    ops = [["--ro-bind", path, path] for path in _SYSTEM if os.path.isdir(path)]
    for link in _LINKS:
        if os.path.islink(link):
            ops.append(["--symlink", os.readlink(link), link])
        elif os.path.isdir(link):
            ops.append(["--ro-bind", link, link])
    ops += [["--ro-bind", f"/etc/{n}", f"/etc/{n}"] for n in _ETC if os.path.exists(f"/etc/{n}")]
    size = str(tmp_mb * 1024 * 1024)
    ops += [
        ["--dev", "/dev"],
        ["--proc", "/proc"],
        ["--perms", "1777", "--size", size, "--tmpfs", "/tmp"],
        ["--perms", "1777", "--size", size, "--tmpfs", home],
    ]
    ops += _python_mounts()
    return ops + [
        ["--ro-bind", str(helpers_dir), str(helpers_dir)],
        # the course's worked answers (helpers/reference/) stay outside: an empty folder there
        ["--perms", "0555", "--size", "4096", "--tmpfs", str(Path(helpers_dir, "reference"))],
        ["--ro-bind", _guard_path(), _guard_path()],
    ]


def mount_options(*, workdir, rundir, helpers_dir, tmp_mb, home):
    """The bwrap mount options of one sandbox, every missing parent folder made first.

    Args:
        workdir: the working copy (a size-capped tmpfs inside; its entries bound read-only).
        rundir: the kernel's run folder (bound writable).
        helpers_dir: the course's ``helpers`` package (bound read-only, without the worked
            answers of ``helpers/reference/``).
        tmp_mb: the size of ``/tmp``, the home and the working copy, MiB each.
        home: the student's home inside.

    Returns:
        list of str
    """
    ops = _system_options(helpers_dir=helpers_dir, tmp_mb=tmp_mb, home=home)
    size = str(tmp_mb * 1024 * 1024)
    ops += [["--bind", str(rundir), str(rundir)]]
    ops += [["--perms", "1777", "--size", size, "--tmpfs", str(workdir)]]
    ops += [["--ro-bind", str(entry), str(entry)] for entry in sorted(Path(workdir).iterdir())]
    return _with_parents(ops)


def server_mount_options(*, socket_dir, script, helpers_dir, tmp_mb, home):
    """The bwrap mount options of the pre-warmed kernel server (``grader/zygote.py``).

    The same system as a kernel's, no working copy and no run folder (each kernel gets its own
    from the server, in a mount namespace of its own), plus the server's script (read-only) and
    its socket folder (writable; hidden from every kernel).

    Args:
        socket_dir: the folder of the server's socket.
        script: the server's file.
        helpers_dir: the course's ``helpers`` package.
        tmp_mb: the size of ``/tmp`` and the home, MiB each.
        home: the student's home inside.

    Returns:
        list of str
    """
    ops = _system_options(helpers_dir=helpers_dir, tmp_mb=tmp_mb, home=home)
    ops += [["--ro-bind", str(script), str(script)], ["--bind", str(socket_dir), str(socket_dir)]]
    return _with_parents(ops)


def _with_parents(ops):
    """Flatten the ops, creating every missing parent of a target first as a 0755 folder
    (bwrap makes them 0700, which the unprivileged kernel could not cross)."""
    out, made = [], {"/"}
    for op in ops:
        target = op[-1]
        missing = [str(p) for p in reversed(Path(target).parents) if str(p) not in made]
        for parent in missing:
            out += ["--perms", "0755", "--dir", parent]
        made.update(missing)
        made.add(target)
        out += op
    return out
