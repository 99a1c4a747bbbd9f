"""What ``make release`` adds to nbgrader's generate_assignment: test-tool markers stay out
of the student notebooks.

``# NBVAL_CHECK_OUTPUT`` (and the other ``# NBVAL_*`` comments) tell nbval, in ``make test``,
which stored outputs of a solution notebook must be reproduced. They mean nothing to a student.
"""

import re

from nbgrader.preprocessors import NbGraderPreprocessor

__all__ = ["StripNbvalMarkers"]

_MARKER = re.compile(r"^[ \t]*# NBVAL_[A-Z_]+[ \t]*\n?", re.MULTILINE)


class StripNbvalMarkers(NbGraderPreprocessor):
    """Remove lines that hold only an nbval marker comment from every code cell."""

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and "NBVAL_" in cell.source:
            cell.source = _MARKER.sub("", cell.source)
        return cell, resources
