"""pytest set-up shared by the course's tests."""

import sys

import pytest

#: frozen notebooks the grader's tests grade (tests/grader/fixtures/README.md): nbval must not run them
collect_ignore_glob = ["grader/fixtures/*"]


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the matplotlib figures a test opened (only where pyplot is in use)."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
