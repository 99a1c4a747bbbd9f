"""grader.names: which names a cell binds and reads, and which cells a set of cells needs."""

from grader import names


def test_a_cell_binds_assignments_defs_imports_and_loop_variables():
    source = "import numpy as np\nfrom a import b as c\nX = 1\nfor i in range(2):\n    w = i\ndef f():\n    y = 2\n"
    assert names.defined(source) == {"np", "c", "X", "i", "w", "f"}


def test_a_cell_reads_what_it_has_not_bound_before_reading_it():
    assert names.free("x = x + 1") == {"x"}
    assert names.free("x = 1\ny = x") == set()
    assert names.free("y = x\nx = 1") == {"x"}
    assert names.free("for i in data:\n    print(i)") == {"data", "print"}


def test_names_in_function_bodies_and_comprehensions():
    source = "def f(a):\n    b = 1\n    return a + b + G\nv = [q * 2 for q in items]\nY = 3\ndef g():\n    return Y\n"
    assert names.free(source) == {"G", "items"}


def test_magics_are_python_and_broken_cells_read_every_word():
    assert "get_ipython" in names.free("%time z = 1")
    assert {"def", "oops", "x"} <= names.free("def oops(:\n  x")
    assert names.defined("def oops(:") == set()


def test_needed_cells_follow_names_backwards_and_stop_at_ignored_ones():
    sources = [
        "import numpy as np",
        "X = np.ones(3)",
        "Z = 5",
        "model = train()",
        "y = X * 2",
        "assert answer(y) == 6",
        "X = None",
    ]
    needed = names.needed_cells(
        sources, wanted={5}, candidates={0, 1, 2, 3, 4, 6}, ignore={"answer"}
    )
    assert needed == {0, 1, 4, 5}
    assert names.needed_cells(sources, wanted={5}, candidates={0, 1, 2, 3, 4, 6}) == {0, 1, 4, 5}
    assert names.needed_cells(
        ["answer = 1", "answer()"], wanted={1}, candidates={0}, ignore={"answer"}
    ) == {1}
