"""Start a grading kernel under a memory cap (instructor tool; students never need it).

Usage (``grader.kernel.GuardedExecute`` builds this command for every grading kernel, with
:func:`command`: run by its path with ``python -S``, so that starting it costs milliseconds, not
the second that importing the ``grader`` package takes)::

    python -S .../grader/kernel_guard.py --memory-mb 4096 [--log FILE] -- python -m ipykernel_launcher -f conn.json

``--memory-mb N`` sets ``RLIMIT_DATA`` (heap, ``mmap``-ed arrays, thread stacks: what a runaway
allocation grows) to N MiB; an allocation beyond it fails inside the student's cell with
``MemoryError`` (TensorFlow: ``ResourceExhaustedError``) and the kernel lives on. ``0`` means no
cap. ``--log FILE`` sends the kernel's own stdout/stderr (TensorFlow's C++ lines, crash
messages) to FILE instead of the grader's terminal. Then the process replaces itself with the
kernel command (``os.execvp``: same process id, so interrupts and shutdown work as usual).

Sandboxed grading (``grader.sandbox``) runs it inside the sandbox with more limits:
``--processes N`` (``RLIMIT_NPROC``), ``--file-mb N`` (``RLIMIT_FSIZE``), ``--cpu-s N``
(``RLIMIT_CPU``), and ``--uid U --gid G``: after setting the limits it drops to that user
(supplementary groups cleared), so that the kernel is not root. Outside the sandbox,
``--cgroup FILE`` (repeatable) writes the guard's own pid into a cgroup's ``cgroup.procs``
before anything else (``grader.cgroups``): the sandbox and all it starts belong to that group.

Standard library only: it runs before anything else in the kernel process.
"""

import os
import resource
import sys

__all__ = ["command", "confine", "join_cgroups", "main", "set_memory_limit"]

USAGE = (
    "usage: python -S kernel_guard.py --memory-mb N [--log FILE] [--processes N] "
    "[--file-mb N] [--cpu-s N] [--uid U --gid G] [--cgroup FILE ...] -- COMMAND [ARGS...]"
)
#: sandbox options (grader.sandbox): option -> what it sets
_EXTRA = {
    "--processes": "processes",
    "--file-mb": "file_mb",
    "--cpu-s": "cpu_s",
    "--uid": "uid",
    "--gid": "gid",
}


def command(python=sys.executable):
    """The command that runs this guard: ``[python, "-S", this file]`` (no ``site``, no package).

    Args:
        python: the interpreter to run it with.

    Returns:
        list of str: to be followed by the guard's options, ``--`` and the kernel command.
    """
    return [python, "-S", os.path.realpath(__file__)]


def set_memory_limit(megabytes):
    """Cap the data segment of this process (and of the processes it starts).

    Args:
        megabytes: the cap in MiB, an int >= 0; 0 leaves the limit as it is.

    Returns:
        int: the cap in bytes (0 when none was set).

    Raises:
        ValueError: if ``megabytes`` is not an int >= 0.
    """
    if isinstance(megabytes, bool) or not isinstance(megabytes, int) or megabytes < 0:
        raise ValueError(f"memory limit must be a number of MiB >= 0; got {megabytes!r}")
    if megabytes == 0:
        return 0
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    return limit


def join_cgroups(files):
    """Move this process into cgroups (its children follow).

    Args:
        files: ``cgroup.procs`` files, one per hierarchy.

    Returns:
        None

    Raises:
        ValueError: when a group cannot be joined (the kernel must not start outside it).
    """
    for path in files:
        try:
            with open(path, "w") as handle:
                handle.write(str(os.getpid()))
        except OSError as exc:
            raise ValueError(f"cannot join the cgroup {path}: {exc}") from None


def confine(processes=0, file_mb=0, cpu_s=0, uid=None, gid=None):
    """Sandbox limits (0: unchanged), then drop to ``uid``/``gid`` (both or neither).

    Raises:
        ValueError: half a user, or the drop did not take.
    """
    for limit, value in (
        (resource.RLIMIT_NPROC, processes),
        (resource.RLIMIT_CPU, cpu_s),
        (resource.RLIMIT_FSIZE, file_mb * 1024 * 1024),
    ):
        if value:
            resource.setrlimit(limit, (value, value))
    if (uid is None) != (gid is None):
        raise ValueError("--uid and --gid go together")
    if uid is not None:
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
        if os.getuid() != uid or os.geteuid() != uid:
            raise ValueError(f"could not drop to uid {uid}")


def _parse(argv):
    if "--" not in argv:
        raise ValueError("missing '--' before the kernel command")
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1 :]
    if not command:
        raise ValueError("missing the kernel command after '--'")
    memory_mb, log = None, None
    extra, cgroups = {}, []
    while options:
        name = options.pop(0)
        if name not in ("--memory-mb", "--log", "--cgroup", *_EXTRA) or not options:
            raise ValueError(f"unexpected option {name!r}")
        value = options.pop(0)
        if name in _EXTRA:  # sandbox options
            if not value.isdigit():
                raise ValueError(f"{name} needs a whole number; got {value!r}")
            extra[_EXTRA[name]] = int(value)
        elif name == "--cgroup":
            cgroups.append(value)
        elif name == "--memory-mb":
            if not value.isdigit():
                raise ValueError(f"--memory-mb needs a whole number of MiB; got {value!r}")
            memory_mb = int(value)
        else:
            log = value
    if memory_mb is None:
        raise ValueError("--memory-mb is required")
    return memory_mb, log, command, extra, cgroups


def main(argv=None):
    """Parse the options, set the cap, redirect output, exec the kernel command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        memory_mb, log, command, extra, cgroups = _parse(argv)
        join_cgroups(cgroups)
        set_memory_limit(memory_mb)
        confine(**extra)
    except ValueError as exc:
        print(f"kernel_guard: {exc}\n{USAGE}", file=sys.stderr)
        return 2
    if log:
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
    os.execvp(command[0], command)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
