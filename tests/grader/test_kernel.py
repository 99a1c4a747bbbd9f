"""grader.kernel and grader.kernel_guard: the output bound, the memory cap, the guarded command."""

import subprocess
import time
import sys

import pytest

from grader import kernel, kernel_guard


def _msg(msg_type, **content):
    return {"msg_type": msg_type, "content": content, "parent_header": {"msg_id": "m1"},
            "header": {"msg_type": msg_type}}


def test_output_beyond_the_bound_is_dropped_but_errors_and_stderr_are_kept():
    ep = kernel.GuardedExecute(max_output_chars=100)
    ep.reset_execution_trackers()
    ep.clear_before_next_output = False
    ep._output_chars, ep._truncated, ep._kept_stderr = 0, False, False
    outs = []
    ep.output(outs, _msg("stream", name="stdout", text="a" * 60), None, 0)
    ep.output(outs, _msg("stream", name="stdout", text="b" * 60), None, 0)  # 40 kept, rest cut
    for _ in range(1000):
        ep.output(outs, _msg("stream", name="stdout", text="c" * 1000), None, 0)
    ep.output(outs, _msg("stream", name="stderr", text="warning " * 1000), None, 0)
    ep.output(outs, _msg("error", ename="ValueError", evalue="v" * 10_000, traceback=["t" * 10_000] * 50), None, 0)
    kinds = [(o.output_type, o.get("name")) for o in outs]
    assert kinds == [("stream", "stdout"), ("stream", "stdout"), ("stream", "stdout"),
                     ("stream", "stderr"), ("error", None)]
    assert outs[1].text == "b" * 40
    assert kernel.TRUNCATED in outs[2].text and "100 characters" in outs[2].text
    assert 0 < len(outs[3].text) <= 2000
    assert outs[4].ename == "ValueError" and len(outs[4].evalue) <= 2000 and len(outs[4].traceback) <= 20
    assert sum(len(o.get("text", "")) for o in outs) < 3000


def test_kernel_guard_caps_memory_and_rejects_bad_options():
    code = ("try:\n    bytearray(600 * 1024 * 1024)\n    print('allocated')\n"
            "except MemoryError:\n    print('MemoryError')")
    proc = subprocess.run([*kernel_guard.command(), "--memory-mb", "256", "--",
                           sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "MemoryError", proc.stderr
    for bad in (["--memory-mb", "x", "--", "true"], ["--", "true"], ["--memory-mb", "5"], ["--oops", "1", "--", "true"]):
        assert kernel_guard.main(bad) == 2
    assert kernel_guard.set_memory_limit(0) == 0
    with pytest.raises(ValueError):
        kernel_guard.set_memory_limit(-1)


def test_guarded_kernel_command_goes_through_the_guard():
    km = kernel.GuardedKernelManager(kernel_name="python3")
    km.memory_limit_mb, km.kernel_log = 512, "/tmp/k.log"
    cmd = km.format_kernel_cmd()
    guard = kernel_guard.command()
    assert guard[1] == "-S" and guard[2].endswith("grader/kernel_guard.py")  # a script: no package import
    assert cmd[:7] == [*guard, "--memory-mb", "512", "--log", "/tmp/k.log"]
    assert cmd[7] == "--" and "ipykernel_launcher" in " ".join(cmd[8:])
    km.memory_limit_mb, km.kernel_log = 0, ""
    assert guard[2] not in km.format_kernel_cmd()


def test_the_guard_starts_in_a_fraction_of_a_second():
    """Check that the guard in front of every kernel does not import the grader package (which
    takes about a second, paid by every submission)."""
    python, *script = kernel_guard.command()
    proc = subprocess.run([python, "-X", "importtime", *script, "--memory-mb", "0", "--", "true"],
                          capture_output=True, text=True, timeout=60)
    imported = [line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line]
    assert proc.returncode == 0 and "os" in imported, proc.stderr[-2000:]
    assert not [m for m in imported if m.split(".")[0] in ("grader", "nbgrader", "jupyter_client")], imported
    started = time.perf_counter()
    subprocess.run([*kernel_guard.command(), "--memory-mb", "0", "--", "true"], check=True, timeout=60)
    assert time.perf_counter() - started < 0.5
