"""The house budget of a lesson: its solution notebook runs in at most 30 s on the 2-core CPU
(60 s for lesson 08, which trains several seeds), TensorFlow's import included.

Measured as the CPU seconds of the whole execution (the kernel and everything it starts), which
a busy test machine does not inflate the way it inflates wall time: a lesson within its CPU
budget runs within the same wall budget on an idle 2-core machine, where TensorFlow's two
threads make wall time at most its CPU time plus the kernel's waits.
"""

import resource
import subprocess
import sys

import pytest

from tests.support import assignment_ids, hermetic_env, solution_path

pytestmark = pytest.mark.slow

BUDGET_S = {"08_batch_size_and_generalization": 60}


def _children_cpu_s():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.mark.parametrize("assignment", assignment_ids())
def test_solution_runs_within_its_budget(assignment, tmp_path):
    budget = BUDGET_S.get(assignment, 30)
    path = solution_path(assignment)
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
        env=hermetic_env(tmp_path / "home"),
        check=True,
        capture_output=True,
    )
    used = _children_cpu_s() - before
    print(f"{assignment}: {used:.1f} CPU s")
    assert used <= budget, f"{assignment} takes {used:.1f} CPU s to run, the budget is {budget} s"
