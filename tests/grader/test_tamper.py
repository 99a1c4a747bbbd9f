"""grader.tamper: the static scan flags the tools of tampering, names cell, line and why, and
raises no false alarm on any notebook of the course."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tests.support import assignment_ids, release_path, solution_path

from grader import tamper

FLAGGED = {
    "get_ipython().transform_cell = lambda cell: 'pass\\n'": "replaces how IPython reads cells",
    "ip = get_ipython()\nip.input_transformers_post.append(lambda lines: ['pass\\n'])": "cell transformer",
    "get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)": "swallows errors",
    "import IPython\nIPython.get_ipython().events.register('pre_run_cell', f)": "event callback",
    "getattr(__import__('IPython'), 'get_ipython')().showtraceback = print": "IPython shell",
    "import sys\nsys.settrace(lambda *a: None)": "trace function",
    "import sys\nsys.excepthook = print": "attribute of sys",
    "import builtins\nbuiltins.isinstance = lambda *a: True": "attribute of builtins",
    "import numpy as np\nnp.testing.assert_equal = lambda *a, **k: None": "attribute of numpy",
    "keras.layers.Dense.count_params = lambda self: 128": "attribute of keras",
    "checks.check_returns = lambda *a, **k: None": "attribute of helpers.checks",
    "from helpers import checks as c\nsetattr(c, 'check_returns', print)": "setattr() on helpers.checks",
    "del checks.check_returns": "deletes an attribute of helpers.checks",
    "globals()['count_dense_params'] = f": "globals()",
    "import ctypes": "ctypes",
    "import gc\nobjs = gc.get_objects()": "gc",
    "import sys\nframe = sys._getframe(1)": "frames",
    "def f(e):\n    return e.__traceback__.tb_frame.f_back.f_globals": "frame",
    "exec('print' + '(1)')": "exec() of a built string",
    "eval(code)": "eval() of a built string",
    "import subprocess\nsubprocess.run(['ls'])": "subprocess",
    "import os\nos.system('ls')": "shell command",
    "import os\npid = os.fork()": "forks",
    "from os import fork as f": "forks",
    "!curl http://example.com": "shell command (!)",
    "%%bash\nls /": "shell command (%%bash)",
    "import socket\nsocket.socket().connect(('127.0.0.1', 80))": "sockets",
    "import sqlite3\nsqlite3.connect('gradebook.db')": "databases",
    "from helpers.reference import lesson01": "reference answers",
    "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)": "signal handlers",
    "import zmq": "kernel's channels",
}

CLEAN = [
    "def count_dense_params(num_features, units):\n    return (num_features + 1) * units",
    "model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4)])\nmodel.layers[0].trainable = False",
    "x = np.zeros(3)\nx[np.argmax(x)] = 1",
    "%timeit sum(range(10))",
    "%matplotlib inline",
    "import os\nos.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'",
    "exec('print(1)')",
    "weights = layer.kernel.numpy()",
    "def f(\n",  # a syntax error: it fails when it runs, no finding
]


@pytest.mark.parametrize("source", sorted(FLAGGED))
def test_each_tool_of_tampering_is_flagged(source):
    found = tamper.scan_source(source=source)
    assert found, source
    assert any(FLAGGED[source] in why for _, why in found), found


@pytest.mark.parametrize("source", CLEAN)
def test_ordinary_code_is_not_flagged(source):
    assert tamper.scan_source(source=source) == []


@pytest.mark.parametrize("assignment", assignment_ids())
def test_no_false_alarm_on_the_course_notebooks(assignment):
    """The solution as a student would submit it: the course's own cells as released, the
    exercises solved."""
    release = nbformat.read(release_path(assignment), as_version=4)
    sources = {cell.get("id"): cell.source for cell in release.cells}
    for path in (solution_path(assignment), release_path(assignment)):
        findings = tamper.scan_notebook(
            nb=nbformat.read(path, as_version=4), release_sources=sources
        )
        assert findings == [], [tamper.describe(f) for f in findings]


def test_the_reference_answers_used_in_an_exercise_are_flagged():
    """A demo may use helpers.reference; an answer that calls it is flagged for a hand grade."""
    setup = new_code_cell("from helpers.reference import lesson01 as reference", id="setup")
    answer = new_code_cell(
        "def build_mlp(num_features, hidden_units):\n"
        "    return reference.build_mlp(num_features, hidden_units)",
        id="answer",
    )
    answer.metadata["nbgrader"] = {"solution": True, "grade_id": "build_mlp_code"}
    nb = new_notebook(cells=[setup, answer])
    findings = tamper.scan_notebook(
        nb=nb, release_sources={"setup": setup.source, "answer": "pass"}
    )
    assert [(f.name, f.why) for f in findings] == [("build_mlp_code", "uses the reference answers")]


def test_a_finding_names_the_cell_the_line_and_why():
    nb = new_notebook(
        cells=[
            new_code_cell("import numpy as np", id="setup"),
            new_code_cell("x = 1\nnp.testing.assert_equal = print", id="mine"),
            new_code_cell(
                "get_ipython().transform_cell = str",
                id="chk",
                metadata={
                    "nbgrader": {
                        "grade": True,
                        "solution": False,
                        "locked": True,
                        "grade_id": "chk",
                        "points": 1,
                    }
                },
            ),
        ]
    )
    findings = tamper.scan_notebook(nb=nb, release_ids={"setup"})
    assert [(f.cell, f.name, f.line) for f in findings] == [(2, "added by the student", 2)]
    text = tamper.describe(findings[0])
    assert text.startswith("cell 2 (added by the student) line 2: assigns an attribute of numpy")
    assert "np.testing.assert_equal = print" in text


def test_aliases_come_from_the_whole_notebook():
    nb = new_notebook(
        cells=[
            new_code_cell("import helpers.checks as hc"),
            new_code_cell("hc.check_returns = print"),
        ]
    )
    assert [f.why for f in tamper.scan_notebook(nb=nb)] == [
        "assigns an attribute of helpers.checks"
    ]
