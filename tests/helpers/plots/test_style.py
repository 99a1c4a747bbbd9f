"""helpers.plots.style: the course style."""

import matplotlib

from helpers import plots


def test_use_course_style_sets_rcparams():
    plots.use_course_style()
    assert matplotlib.rcParams["axes.spines.top"] is False
