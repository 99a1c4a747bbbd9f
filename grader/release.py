"""What ``make release`` adds to nbgrader's generate_assignment: test-tool markers stay out
of the student notebooks.

``# NBVAL_CHECK_OUTPUT`` (and the other ``# NBVAL_*`` comments, or the ``nbval-*`` cell tags)
tell nbval, in ``make test``, which stored outputs of a solution notebook must be reproduced.
They mean nothing to a student.
"""

import re

from nbgrader.preprocessors import NbGraderPreprocessor

__all__ = ["StripNbvalMarkers", "strip_markers"]

_MARKER = re.compile(r"^[ \t]*# NBVAL_[A-Z_]+[ \t]*\n?", re.MULTILINE)


def strip_markers(source):
    """``source`` without its nbval marker lines."""
    return _MARKER.sub("", source) if "NBVAL_" in source else source


class StripNbvalMarkers(NbGraderPreprocessor):
    """Remove nbval marker comments (lines of their own) and ``nbval-*`` tags from every cell."""

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code":
            cell.source = strip_markers(cell.source)
        tags = cell.metadata.get("tags")
        if tags:
            kept = [tag for tag in tags if not str(tag).startswith("nbval-")]
            if kept:
                cell.metadata["tags"] = kept
            else:
                del cell.metadata["tags"]
        return cell, resources
