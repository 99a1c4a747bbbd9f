"""nbgrader configuration of the Shapes & Batches course.

nbgrader reads this file from the current directory: run every ``nbgrader`` command (and
``make lab``) from the folder that holds it. Layout:

    solutions/<assignment_id>/<assignment_id>.ipynb   instructor sources (edited by hand)
    notebooks/<assignment_id>/<assignment_id>.ipynb   released student notebooks (generated)
    submitted/<student_id>/<assignment_id>/...        collected submissions
    autograded/, feedback/, gradebook.db               grading output (not in git)
"""

import os

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

COURSE_ROOT = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "shapes-and-batches"
c.CourseDirectory.root = COURSE_ROOT
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(COURSE_ROOT, "gradebook.db")

# The exchange folder used by `nbgrader release_assignment` / `collect` on a shared server;
# override with NBGRADER_EXCHANGE (e.g. /srv/nbgrader/exchange on JupyterHub).
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", os.path.join(COURSE_ROOT, "exchange"))

# Released notebooks: the stub students see, no outputs, no run-time metadata.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearOutput.remove_metadata_fields = {"collapsed", "scrolled", "execution", "ExecuteTime"}

# Executing submissions: lessons run in seconds; a slow grading machine gets ample room.
# capture_fd_output=False keeps TensorFlow's C++ start-up lines out of cell outputs.
c.Execute.timeout = 120
c.Execute.extra_arguments = ["--IPKernelApp.capture_fd_output=False"]

# Feedback: no hidden-test source, and no traceback lines from test cells.
c.GenerateFeedback.preprocessors = [
    GetGrades,
    CSSHTMLHeaderPreprocessor,
    ClearHiddenTests,
    "helpers.grading.HideTestTracebacks",
]
