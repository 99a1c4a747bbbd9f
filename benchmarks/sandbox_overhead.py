"""What the grading sandbox costs per submission (target: at most 5 %).

    python -m benchmarks.sandbox_overhead                 # 3 rounds of 2 students
    python -m benchmarks.sandbox_overhead --rounds 5 --students 3

Builds a temporary course with lesson 01 and N copies of the whole solution notebook, then
grades them in alternating rounds, in one process (``grader.grade_assignment(serial=True)``):
sandboxed (bubblewrap, split execution, tamper scan), then ``--no-sandbox`` (split execution and scan only),
and so on. Alternating spreads the machine's drift over both. Prints, for each mode, the
median seconds per submission (``GradeResult.seconds``: from reading the notebook to the
feedback page) and the CPU seconds per submission: the grading process's own plus the
kernel's, which a last cell of each submission prints (a sandboxed kernel's CPU does not reach
this process's ``RUSAGE_CHILDREN``: bwrap's init reaps it). Then the cost of starting a
sandbox alone: ``bwrap ... python -c pass`` against ``python -c pass``, wall and CPU.
On a busy machine judge the CPU figures, not the wall times.
"""

import argparse
import io
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


CPU_CELL = (
    "import resource as _r\n_u = _r.getrusage(_r.RUSAGE_SELF)\n"
    "print('kernel cpu', _u.ru_utime + _u.ru_stime)"
)


def _cpu(who=resource.RUSAGE_SELF):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _kernel_cpu(course, assignment, student):
    import nbformat

    path = Path(course) / "autograded" / student / assignment / f"{assignment}.ipynb"
    text = "".join(
        o.get("text", "") for o in nbformat.read(path, as_version=4).cells[-1].get("outputs", [])
    )
    return float(re.search(r"kernel cpu ([\d.]+)", text).group(1))


def launch_cost(runs=20):
    """Median wall seconds of ``python -c pass`` in the sandbox and outside it."""
    from grader import sandbox

    with tempfile.TemporaryDirectory(prefix="sandbox-launch-") as tmp:
        work, run = Path(tmp, "w"), Path(tmp, "r")
        work.mkdir()
        run.mkdir()
        os.chmod(tmp, 0o755)
        sandbox.set_owner(paths=[work, run], uid=sandbox.kernel_uid())
        plain = [sys.executable, "-c", "pass"]
        boxed = sandbox.sandbox_command(
            command=plain,
            workdir=work,
            rundir=run,
            environ=os.environ,
            limits=sandbox.Limits(),
            uid=sandbox.kernel_uid(),
        )
        walls = {"plain": [], "sandbox": []}
        for _ in range(runs):  # alternating
            for name, cmd in (("plain", plain), ("sandbox", boxed)):
                t0 = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True)
                walls[name].append(time.perf_counter() - t0)
    return {name: statistics.median(values) for name, values in walls.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--students", type=int, default=2)
    args = parser.parse_args(argv)

    import nbformat
    import nbformat.v4

    from tests.grader import cases
    from tests.support import hermetic_env
    from grader import grade_assignment

    with tempfile.TemporaryDirectory(prefix="sandbox-bench-") as tmp:
        course = cases.build_course(tmp)
        os.environ.update(hermetic_env(Path(tmp) / "home"))
        names = [f"s{i:02d}" for i in range(args.students)]
        for name in names:
            nb = cases.solution_nb(course)
            nb.cells.append(nbformat.v4.new_code_cell(CPU_CELL))
            cases.write_submission(course, name, nb)
        seconds = {True: [], False: []}
        cpu = {True: 0.0, False: 0.0}
        for round_ in range(args.rounds):
            for sandbox in (True, False) if round_ % 2 == 0 else (False, True):
                before = _cpu()
                results, _ = grade_assignment(
                    course=course,
                    assignment=cases.ASSIGNMENT,
                    sandbox=sandbox,
                    serial=True,
                    out=io.StringIO(),
                )
                cpu[sandbox] += (
                    _cpu()
                    - before
                    + sum(_kernel_cpu(course, cases.ASSIGNMENT, r.student) for r in results)
                )
                assert all(r.score == r.max_score for r in results), [r.reason for r in results]
                seconds[sandbox] += [r.seconds for r in results]
                print(
                    f"round {round_ + 1} {'sandbox' if sandbox else 'no sandbox'}: "
                    + " ".join(f"{r.seconds:.2f}" for r in results),
                    flush=True,
                )
    n = args.rounds * args.students
    on, off = statistics.median(seconds[True]), statistics.median(seconds[False])
    print(
        f"\n{n} submissions each; median s/submission: sandbox {on:.2f}, no sandbox {off:.2f} "
        f"-> overhead {100 * (on / off - 1):+.1f} %"
    )
    print(
        f"CPU s/submission (grader + kernel): sandbox {cpu[True] / n:.2f}, no sandbox {cpu[False] / n:.2f} "
        f"-> {100 * (cpu[True] / cpu[False] - 1):+.1f} %"
    )
    cost = launch_cost()
    print(
        "starting python -c pass (median wall): "
        + ", ".join(f"{k} {w * 1000:.0f} ms" for k, w in cost.items())
        + f"; the sandbox adds {1000 * (cost['sandbox'] - cost['plain']):.0f} ms per kernel"
    )
    return 0


if __name__ == "__main__":
    t0 = time.monotonic()
    code = main()
    print(f"total {time.monotonic() - t0:.0f} s")
    sys.exit(code)
