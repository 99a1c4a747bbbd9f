"""One resource budget per grading sandbox: a control group (cgroup) around all its processes.

Per-process limits (``RLIMIT_*``, set by ``grader/kernel_guard.py``) do not bound a sandbox:
a kernel that forks hundreds of busy children, each in its own session (``setsid``), gets one
scheduling group per child and starves every other kernel on the machine. A cgroup counts the
sandbox as one: :func:`create` makes one per sandbox before its kernel starts, the kernel's
launcher (``kernel_guard.py --cgroup FILE``) writes its own pid into it before it becomes
``bwrap``, and every process started inside inherits it. It sets:

- **CPU**: ``cpu.shares`` (v1) or ``cpu.weight`` (v2, ``shares * 100 / 1024``). A sandbox
  competes with its siblings as one entity, whatever its number of processes; the default
  (512) is half of what a grading worker's own process has (1024), so graders keep priority.
- **memory**: ``memory.limit_in_bytes`` (v1; swap capped alike with ``memory.memsw``) or
  ``memory.max`` (v2, ``memory.swap.max = 0``). The pages of a ``tmpfs`` (``/tmp``, the home,
  the working copy, the run folder: all tmpfs) are charged to the memory cgroup of the process
  that writes them, so filling them counts against the same budget. Beyond it the kernel's
  out-of-memory killer ends a process of this sandbox only.
- **processes**: ``pids.max`` (threads count), for the whole sandbox, whatever its users.

:meth:`Cgroup.kill` ends every process in the group (v2 ``cgroup.kill``; else freeze, SIGKILL
each, thaw: no process can fork away meanwhile), :meth:`Cgroup.remove` kills and removes it.

Where: cgroup v2 when ``/sys/fs/cgroup`` is a cgroup2 mount offering ``cpu``, ``memory`` and
``pids`` (the group is a sibling of the grader's own, in a parent whose controllers it enables;
as root, or in a delegated subtree), else cgroup v1 when those three controllers are mounted
(one folder per hierarchy, each a child of the grader's own group, plus ``freezer`` when
mounted). Neither (not root, no controller): :func:`unavailable` says why, and the sandbox
keeps its rlimits. Groups are named ``grader-sandbox-<grader pid>-<n>``; :func:`create`
first kills and removes the groups of graders that no longer run (one killed with SIGKILL).
"""

import dataclasses
import itertools
import os
import signal
import time
from pathlib import Path

__all__ = ["PREFIX", "ROOT", "Cgroup", "create", "describe", "leftovers", "unavailable"]

#: where cgroup file systems are mounted
ROOT = "/sys/fs/cgroup"
#: the start of every sandbox group's name
PREFIX = "grader-sandbox-"
#: controllers a budget needs (v1 and v2 alike)
_NEEDED = ("cpu", "memory", "pids")
_counter = itertools.count(1)


def _read(path):
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


def _write(path, value):
    """Write ``value`` to a cgroup file; returns whether the kernel took it."""
    try:
        with open(path, "w") as handle:
            handle.write(str(value))
        return True
    except OSError:
        return False


def _own(version):
    """The grader's own cgroup per hierarchy: {controller or "": path relative to the mount}."""
    out = {}
    for line in _read("/proc/self/cgroup").splitlines():
        _, controllers, path = line.split(":", 2)
        if version == 2 and controllers == "":
            out[""] = path
        for name in controllers.split(","):
            out.setdefault(name, path)
    return out


def _mounts():
    """(cgroup2 mount point or None, {v1 controller: its mount point})."""
    v2, v1 = None, {}
    for line in _read("/proc/self/mounts").splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        if fields[2] == "cgroup2" and fields[1] == ROOT:
            v2 = fields[1]
        elif fields[2] == "cgroup":
            for option in fields[3].split(","):
                v1.setdefault(option, fields[1])
    return v2, v1


def _v2_parent():
    """The folder that v2 sandbox groups go into, or a reason why there is none."""
    mount, _ = _mounts()
    if mount is None:
        return None, "no cgroup2 file system at " + ROOT
    own = _own(2).get("", "/")
    parent = Path(mount) / (
        os.path.dirname(own.rstrip("/")) if own not in ("", "/") else ""
    ).lstrip("/")
    offered = _read(parent / "cgroup.controllers").split()
    missing = [c for c in _NEEDED if c not in offered]
    if missing:
        return None, f"cgroup v2 lacks the {', '.join(missing)} controller(s)"
    enabled = _read(parent / "cgroup.subtree_control").split()
    for name in _NEEDED:
        if name not in enabled and not _write(parent / "cgroup.subtree_control", f"+{name}"):
            return (
                None,
                f"cannot enable the {name} controller in {parent} (not root, no delegation)",
            )
    if not os.access(parent, os.W_OK):
        return None, f"cannot create cgroups in {parent} (not root, no delegation)"
    return parent, ""


def _v1_parents():
    """{controller: folder that v1 sandbox groups go into}, or a reason why there is none."""
    _, mounts = _mounts()
    missing = [c for c in _NEEDED if c not in mounts]
    if missing:
        return None, f"no cgroup v1 {', '.join(missing)} controller mounted"
    own = _own(1)
    parents = {}
    for name in (*_NEEDED, "freezer"):
        if name in mounts:
            parents[name] = Path(mounts[name]) / own.get(name, "/").lstrip("/")
    for name in _NEEDED:
        if not os.access(parents[name], os.W_OK):
            return None, f"cannot create cgroups in {parents[name]} (not root)"
    return parents, ""


def _where():
    """(2, parent) or (1, {controller: parent}) or (None, reason)."""
    parent, why2 = _v2_parent()
    if parent is not None:
        return 2, parent
    parents, why1 = _v1_parents()
    if parents is not None:
        return 1, parents
    return None, f"{why1}; {why2}"


def unavailable():
    """Why sandboxes get no cgroup on this machine, or "" when they do.

    Returns:
        str: the reason (e.g. not root, no controller), "" when cgroups can be used.
    """
    version, where = _where()
    return "" if version else where


@dataclasses.dataclass
class Cgroup:
    """One sandbox's group: ``version`` (1 or 2) and its folders (v1: one per hierarchy)."""

    version: int
    dirs: dict  # {controller: folder} (v1) or {"": folder} (v2)

    @property
    def enter_files(self):
        """The files a process writes its pid to, to join the group (list of str)."""
        return [str(Path(d) / "cgroup.procs") for d in dict.fromkeys(self.dirs.values())]

    def pids(self):
        """The processes in the group now (set of int)."""
        found = set()
        for folder in dict.fromkeys(self.dirs.values()):
            found.update(int(p) for p in _read(Path(folder) / "cgroup.procs").split())
        return found

    def memory_peak_mb(self):
        """The most memory (tmpfs pages included) the group held so far, in MiB (float)."""
        folder = Path(self.dirs.get("memory", self.dirs.get("", "")))
        name = "memory.max_usage_in_bytes" if self.version == 1 else "memory.peak"
        text = _read(folder / name) or _read(folder / "memory.current") or "0"
        return int(text) / 2**20

    def _freeze(self, frozen):
        if self.version == 2:
            folder = Path(self.dirs[""])
            _write(folder / "cgroup.freeze", int(frozen))
            want, events = f"frozen {int(frozen)}", folder / "cgroup.events"
        elif "freezer" in self.dirs:
            state = Path(self.dirs["freezer"]) / "freezer.state"
            want = "FROZEN" if frozen else "THAWED"
            _write(state, want)
            events = state
        else:
            return
        deadline = time.monotonic() + 1
        while want not in _read(events) and time.monotonic() < deadline:
            time.sleep(0.005)

    def kill(self, *, timeout=5.0):
        """End every process in the group (SIGKILL), new ones included.

        Args:
            timeout: seconds to wait for the group to be empty.

        Returns:
            bool: whether the group is empty.
        """
        deadline = time.monotonic() + timeout
        if self.version == 2 and _write(Path(self.dirs[""]) / "cgroup.kill", 1):
            pass
        else:
            self._freeze(True)
            for pid in self.pids():
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self._freeze(False)
        while time.monotonic() < deadline:
            left = self.pids()
            if not left:
                return True
            for pid in left:  # anything that slipped through
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.01)
        return not self.pids()

    def remove(self, *, timeout=5.0):
        """Kill what is left and remove the group's folders.

        Args:
            timeout: seconds to wait for its processes to end and its folders to go.

        Returns:
            bool: whether every folder is gone.
        """
        deadline = time.monotonic() + timeout
        self.kill(timeout=timeout)
        folders = list(dict.fromkeys(self.dirs.values()))
        while folders and time.monotonic() < deadline:
            for folder in list(folders):
                try:
                    os.rmdir(folder)
                    folders.remove(folder)
                except FileNotFoundError:
                    folders.remove(folder)
                except OSError:  # EBUSY: a process is still exiting
                    pass
            if folders:
                time.sleep(0.01)
        return not folders


def _limit(version, folders, *, cpu_shares, memory_mb, pids_max):
    """Write the budget into new group folders; returns the settings that failed."""
    failed = []
    if version == 2:
        folder = folders[""]
        weight = max(1, min(10000, round(cpu_shares * 100 / 1024)))
        writes = [
            ("cpu.weight", weight),
            ("memory.max", memory_mb * 2**20 if memory_mb else "max"),
            ("pids.max", pids_max or "max"),
        ]
        writes = [(folder / name, value) for name, value in writes]
        _write(folder / "memory.swap.max", 0)
    else:
        writes = [
            (folders["cpu"] / "cpu.shares", cpu_shares),
            (folders["pids"] / "pids.max", pids_max or "max"),
        ]
        if memory_mb:
            writes.append((folders["memory"] / "memory.limit_in_bytes", memory_mb * 2**20))
    for path, value in writes:
        if not _write(path, value):
            failed.append(f"{path.name}={value}")
    if version == 1 and memory_mb:
        _write(
            folders["memory"] / "memory.memsw.limit_in_bytes", memory_mb * 2**20
        )  # no swap either
    return failed


def _sweep(parents):
    """Kill and remove the groups of graders that no longer run (one killed with SIGKILL)."""
    for parent in parents:
        for folder in Path(parent).glob(PREFIX + "*"):
            owner = folder.name[len(PREFIX) :].split("-")[0]
            if owner.isdigit() and not Path(f"/proc/{owner}").exists():
                Cgroup(version=0, dirs={"": str(folder)}).remove(timeout=1)


def create(*, cpu_shares, memory_mb, pids_max):
    """A new, empty group with this budget, for one sandbox.

    Args:
        cpu_shares: CPU weight (v1 ``cpu.shares``; 1024 is a plain process's).
        memory_mb: memory of the whole sandbox, tmpfs pages included, MiB (0: no limit).
        pids_max: processes and threads of the whole sandbox (0: no limit).

    Returns:
        Cgroup or None: None when cgroups are unavailable (see :func:`unavailable`).

    Raises:
        OSError: when the group was made but its budget could not be set (it is removed).
    """
    version, where = _where()
    if version is None:
        return None
    name = f"{PREFIX}{os.getpid()}-{next(_counter)}"
    parents = {"": where} if version == 2 else where
    _sweep(dict.fromkeys(parents.values()))
    folders = {}
    for key, parent in parents.items():
        folder = Path(parent) / name
        folder.mkdir(exist_ok=True)
        folders[key] = folder
    group = Cgroup(version=version, dirs={k: str(v) for k, v in folders.items()})
    failed = _limit(version, folders, cpu_shares=cpu_shares, memory_mb=memory_mb, pids_max=pids_max)
    if failed:
        group.remove(timeout=1)
        raise OSError(f"could not set the sandbox's cgroup budget: {', '.join(failed)}")
    return group


def describe(*, cpu_shares, memory_mb, pids_max):
    """The budget every sandbox gets on this machine, in one line (for logs and reports).

    Args:
        cpu_shares: as for :func:`create`.
        memory_mb: as for :func:`create`.
        pids_max: as for :func:`create`.

    Returns:
        str: e.g. ``"cgroup v1: cpu.shares 512 (a grader: 1024), memory 2048 MiB incl. tmpfs,
        pids.max 512"``, or ``"no cgroup (<why>): per-process rlimits only"``.
    """
    version, where = _where()
    if version is None:
        return f"no cgroup ({where}): per-process rlimits only"
    cpu = (
        f"cpu.shares {cpu_shares} (a grader: 1024)"
        if version == 1
        else f"cpu.weight {max(1, min(10000, round(cpu_shares * 100 / 1024)))} (a grader: 100)"
    )
    memory = f"memory {memory_mb} MiB incl. tmpfs" if memory_mb else "memory unlimited"
    return f"cgroup v{version}: {cpu}, {memory}, pids.max {pids_max or 'unlimited'}"


def leftovers(*, owner=None):
    """Sandbox groups that exist now, in every hierarchy.

    Args:
        owner: a grader's pid: only its groups (None: every grader's).

    Returns:
        list of str: their folders.
    """
    pattern = f"{PREFIX}{owner}-*" if owner is not None else f"{PREFIX}*"
    return sorted(str(p) for p in Path(ROOT).glob(f"**/{pattern}") if p.is_dir())
