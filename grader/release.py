"""What ``make release`` adds to nbgrader's generate_assignment: test-tool markers stay out
of the student notebooks.

``# NBVAL_CHECK_OUTPUT`` (and the other ``# NBVAL_*`` comments, or the ``nbval-*`` cell tags)
tell nbval, in ``make test``, which stored outputs of a solution notebook must be reproduced.
They mean nothing to a student.
"""

from nbgrader.preprocessors import NbGraderPreprocessor

from grader import markup

__all__ = ["StripNbvalMarkers"]


class StripNbvalMarkers(NbGraderPreprocessor):
    """Remove nbval marker comments (lines of their own) and ``nbval-*`` tags from every cell."""

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code":
            cell.source = markup.strip_nbval(source=cell.source)
        markup.drop_nbval_tags(cell=cell)
        return cell, resources
