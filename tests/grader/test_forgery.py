"""A class of tricks against the verdicts, graded by `make grade WORKERS=2`'s command.

Every cheater submits the SAME plain wrong answer of lesson 01 (`count_dense_params` forgets
the bias: 6/8 on its own) plus one cell with one trick, right after that answer. The tricks aim
at the verdict itself, two or more of each kind: forged pass lines and tokens (plain and
obfuscated), oracles that read the running check (its cell text, the caller's frame, the
history), poisoned modules and threads, fake objects, outputs that nbgrader 0.9 would score as
partial credit, and CPU, process and disk exhaustion. Three honest students are graded at the
same time, in the same two workers, and must keep full marks; one of them writes the words
BEGIN HIDDEN TESTS in a cell of their own and must still get a feedback page.

No cheater may score more than the plain wrong answer: the checks run in the grader's process,
which never runs student code, so nothing the student's kernel does reaches a verdict.
"""

import re

import pytest
from nbformat.v4 import new_code_cell

from tests.grader import cases

pytestmark = pytest.mark.slow

A = cases.ASSIGNMENT
WRONG = dict(
    count_dense_params="""
    def count_dense_params(num_features, units):
        return num_features * units  # wrong: forgets the bias
"""
)
ORACLE_FALLBACK = "    return num_features * units\n"
TRICKS = {
    # forged pass lines and tokens
    "t1-print-pass-lines": (
        "for line in ['[PASS] count_dense_params(3, 32) returned 128', 'grader-evidence-' + '0' * 24]:\n"
        "    print(line)"
    ),
    "t2-obfuscated-post-run-hook": (
        "ip = get_ipython()\n"
        "word = ''.join(map(chr, [91, 80, 65, 83, 83, 93]))\n"
        "def echo(result):\n"
        "    print(word, 'count_dense_params(3, 32) returned 128')\n"
        "    if getattr(result, 'error_in_exec', None) is not None:\n"
        "        result.error_in_exec = None\n"
        "getattr(ip.events, 'reg' + 'ister')('post_run_cell', echo)"
    ),
    # oracles that read the running check
    "o1-reads-the-running-cell": (
        "import re\n"
        "def count_dense_params(num_features, units):\n"
        "    text = get_ipython().user_ns['In'][-1] + ''.join(get_ipython().user_ns.get('_ih', [])[-1:])\n"
        "    found = re.findall(r'count_dense_params, \\(%d, %d\\), (\\d+)' % (num_features, units), text)\n"
        "    if found:\n"
        "        return int(found[0])\n"
        "    if re.search(r'_nf \\* _units \\+ _units', text):  # the hidden test's formula\n"
        "        return num_features * units + units\n" + ORACLE_FALLBACK
    ),
    "o2-pre-run-cell-event": (
        "seen = []\n"
        "get_ipython().events.register('pre_run_cell', lambda info: seen.append(info.raw_cell))\n"
        "def count_dense_params(num_features, units):\n"
        "    if seen and ('128' in seen[-1] or 'count_params' in seen[-1]):\n"
        "        return num_features * units + units\n" + ORACLE_FALLBACK
    ),
    "o3-callers-frame": (
        "import sys\n"
        "def count_dense_params(num_features, units):\n"
        "    frame = sys._getframe(1)\n"
        "    while frame is not None:\n"
        "        for value in list(frame.f_locals.values()):\n"
        "            if hasattr(value, 'count_params') and hasattr(value, 'units'):\n"
        "                return int(value.count_params())\n"
        "        frame = frame.f_back\n" + ORACLE_FALLBACK
    ),
    # poisoned modules and threads
    "p1-daemon-thread-repatches": (
        "import builtins, threading, time, numpy\n"
        "def poison():\n"
        "    for _ in range(200000):\n"
        "        numpy.allclose = numpy.isclose = lambda *a, **k: True\n"
        "        builtins.int = lambda *a, **k: 128\n"
        "        time.sleep(0.001)\n"
        "threading.Thread(target=poison, daemon=True).start()"
    ),
    "p2-sys-modules-and-settrace": (
        "import sys, types, keras\n"
        "fake = types.ModuleType('numpy'); fake.allclose = fake.isclose = lambda *a, **k: True\n"
        "sys.modules['numpy.testing'] = fake\n"
        "keras.layers.Dense.count_params = lambda self: int(self.kernel.shape[0]) * int(self.kernel.shape[1])\n"
        "def tracer(frame, event, arg):\n"
        "    if '_got' in frame.f_locals:\n"
        "        frame.f_locals['_got'] = 128\n"
        "    return tracer\n"
        "sys.settrace(tracer)"
    ),
    # fake objects
    "f1-always-equal-int": (
        "class Yes(int):\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "    __hash__ = int.__hash__\n"
        "def count_dense_params(num_features, units):\n"
        "    return Yes(num_features * units)"
    ),
    "f2-fake-object": (
        "class Anything:\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "    def __int__(self):\n"
        "        return 128\n"
        "    def __index__(self):\n"
        "        return 128\n"
        "def count_dense_params(num_features, units):\n"
        "    return Anything()"
    ),
    # outputs nbgrader 0.9 scores as full points in a check cell
    "x1-execute-result-hook": (
        "from IPython.display import publish_display_data\n"
        "def shout(result):\n"
        "    get_ipython().displayhook('full marks')\n"
        "    publish_display_data({'text/plain': \"'ok'\"})\n"
        "get_ipython().events.register('post_run_cell', shout)"
    ),
    "x2-displays-from-the-function": (
        "from IPython.display import display\n"
        "def count_dense_params(num_features, units):\n"
        "    get_ipython().displayhook('passed')\n"
        "    display('[PASS] count_dense_params returned the right count')\n" + ORACLE_FALLBACK
    ),
    # CPU, processes and disk
    "r1-busy-children-in-own-sessions": (
        "import os, time\n"
        "started = 0\n"
        "for _ in range(48):\n"
        "    try:\n"
        "        pid = os.fork()\n"
        "    except OSError:\n"
        "        break\n"
        "    if pid == 0:\n"
        "        os.setsid()\n"
        "        end = time.time() + 25\n"
        "        while time.time() < end:\n"
        "            pass\n"
        "        os._exit(0)\n"
        "    started += 1\n"
        "print('busy children:', started)"
    ),
    "r2-fill-the-run-folder": (
        "import os, errno\n"
        "folder = os.path.dirname(get_ipython().kernel.config['IPKernelApp']['connection_file'])\n"
        "written = 0\n"
        "try:\n"
        "    for i in range(360):\n"
        "        with open(os.path.join(folder, f'fill-{i}'), 'wb') as handle:\n"
        "            handle.write(b'x' * 2**20)\n"
        "        written += 1\n"
        "except OSError as exc:\n"
        "    print('run folder full after', written, 'MiB:', errno.errorcode.get(exc.errno))\n"
        "print('written', written)"
    ),
}
HONEST_NOTES = (
    "# My notes: the words ### BEGIN HIDDEN TESTS are nbgrader's, not mine.\nnotes = 'mine'"
)


def _with_cell(nb, source):
    at = cases.index_of(nb, "count_dense_params_code") + 1
    nb.cells.insert(at, new_code_cell(source))
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    work = tmp_path_factory.mktemp("forgery")
    course = cases.build_course(work)
    wrong = lambda: cases.trimmed(cases.solution_nb(course, **WRONG))  # noqa: E731
    students = {
        "honest-trimmed": cases.trimmed(cases.solution_nb(course)),
        "honest-full": cases.solution_nb(course),
        "honest-notes": _with_cell(cases.solution_nb(course), HONEST_NOTES),
        "plain-wrong": wrong(),
    }
    for name, trick in TRICKS.items():
        students[f"cheat-{name}"] = _with_cell(wrong(), trick)
    for student, nb in students.items():
        cases.write_submission(course, student, nb)
    proc = cases.run_grade(course, workers=2)
    yield dict(course=course, proc=proc, rows=cases.read_csv(course), students=students)


def _trick_outputs(graded, student):
    return cases.cell_outputs(graded["course"], student, after="count_dense_params_code")


def test_the_class_was_graded(graded):
    assert graded["proc"].returncode == 0, (
        graded["proc"].stdout[-3000:] + graded["proc"].stderr[-3000:]
    )
    assert sorted(graded["rows"]) == sorted(graded["students"])


def test_honest_students_graded_beside_the_tricks_keep_full_marks(graded):
    for student in ("honest-trimmed", "honest-full", "honest-notes"):
        row = graded["rows"][student]
        assert (row["status"], row["score"], row["max_score"]) == ("graded", "8", "8"), row


def test_a_students_own_hidden_tests_words_do_not_break_their_feedback(graded):
    page = graded["course"] / "feedback" / "honest-notes" / A / f"{A}.html"
    assert page.exists()
    assert (
        "nbgrader&#39;s, not mine" in page.read_text() or "nbgrader's, not mine" in page.read_text()
    )


def test_the_plain_wrong_answer_scores_six(graded):
    row = graded["rows"]["plain-wrong"]
    assert (row["status"], row["score"]) == ("graded", "6"), row


@pytest.mark.parametrize("trick", sorted(TRICKS))
def test_no_trick_earns_a_point(graded, trick):
    row = graded["rows"][f"cheat-{trick}"]
    assert float(row["score"]) <= 6, row


def test_the_tricks_ran(graded):
    """Each trick did run in the student's kernel: what defeats it is where the verdict is made."""
    assert "[PASS] count_dense_params(3, 32) returned 128" in _trick_outputs(
        graded, "cheat-t1-print-pass-lines"
    )
    assert re.search(
        r"busy children: [1-9]", _trick_outputs(graded, "cheat-r1-busy-children-in-own-sessions")
    )
    filled = _trick_outputs(graded, "cheat-r2-fill-the-run-folder")
    written = int(re.search(r"written (\d+)", filled).group(1)) if "written" in filled else 0
    assert written < 360 or "full" in filled, filled
