"""pytest set-up shared by the course's tests."""

import sys

import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the matplotlib figures a test opened (only where pyplot is in use)."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
