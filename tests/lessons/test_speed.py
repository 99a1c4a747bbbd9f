"""The house budget of a lesson: its solution notebook runs in at most 30 s on the 2-core CPU
(60 s for a lesson that trains on several seeds: 05 and 08), TensorFlow's import included.

Measured as the CPU seconds of the whole execution (the kernel and everything it starts) with
TensorFlow on one thread: a busy test machine inflates wall time, and the CPU time of threads
that spin while they wait for a busy core (about 15 % for lesson 08 during `make test`), but not
the CPU time of one thread. One thread's CPU time bounds the wall time on an idle 2-core machine
from above, where TensorFlow's two threads only make it shorter (the kernel's own waits aside).
"""

import resource
import subprocess
import sys

import pytest

from tests.support import assignment_ids, hermetic_env, solution_path

pytestmark = pytest.mark.slow

#: the lessons that train on several seeds (lesson 05: four strategies, three seeds each)
BUDGET_S = {"05_variable_length_batches": 60, "08_batch_size_and_generalization": 60}
#: run-to-run noise of the measure on the busy test machine (lesson 07: 27.8 and 31.5 s)
NOISE = 1.10
ONE_THREAD = {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1", "OMP_NUM_THREADS": "1"}


def _children_cpu_s():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: lessons known to run over their budget today, and by how much
OVER_BUDGET: dict[str, str] = {}


def _cpu_seconds(path, tmp_path):
    """One thread's CPU seconds of executing the notebook at ``path`` (the kernel included)."""
    before = _children_cpu_s()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--output-dir",
            str(tmp_path),
            "--ExecutePreprocessor.timeout=300",
            str(path),
        ],
        cwd=path.parent,
        env={**hermetic_env(tmp_path / "home"), **ONE_THREAD},
        check=True,
        capture_output=True,
    )
    return _children_cpu_s() - before


@pytest.mark.parametrize(
    "assignment",
    [
        pytest.param(a, marks=pytest.mark.xfail(reason=OVER_BUDGET[a])) if a in OVER_BUDGET else a
        for a in assignment_ids()
    ],
)
def test_solution_runs_within_its_budget(assignment, tmp_path):
    """The best of up to two runs (a second only when the first is over): a spell of the busy
    test machine inflates one run's CPU seconds by up to a third (lesson 05: 26.4 and 36.4)."""
    budget = BUDGET_S.get(assignment, 30)
    path = solution_path(assignment)
    used = _cpu_seconds(path, tmp_path)
    if used > budget * NOISE:
        used = min(used, _cpu_seconds(path, tmp_path))
    print(f"{assignment}: {used:.1f} CPU s")
    assert used <= budget * NOISE, (
        f"{assignment} takes {used:.1f} CPU s to run, the budget is {budget} s (+10 % noise)"
    )
