"""The feedback page's HTML, written in one pass.

nbconvert's ``HTMLExporter`` renders the page with Jinja, then parses all of it with
BeautifulSoup to give images without one an ``alt`` text and each cell's input and output a
``tabindex``, and writes the tree out again. On a feedback page (350 KB, most of it the
inlined style sheets) that round trip costs more than the rendering itself: about half a
second of every graded submission. :class:`FeedbackExporter` renders the same page and adds
the same attributes to the rendered text, tag by tag.
"""

import re

from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

__all__ = ["MISSING_ALT", "FeedbackExporter", "accessible"]

#: the ``alt`` text nbconvert gives an image that has none
MISSING_ALT = "No description has been provided for this image"

_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\salt=)", re.IGNORECASE)
_FOCUSABLE = re.compile(
    r'<div\b(?=[^>]*\sclass="(?:[^"]*\s)?(?:jp-Cell-inputWrapper|jp-OutputArea-output)(?:\s[^"]*)?")'
    r"(?![^>]*\stabindex=)"
)


def accessible(html):
    """``html`` with nbconvert's accessibility attributes: an ``alt`` on every image without
    one, and ``tabindex="0"`` on every cell's input wrapper and output (so that a keyboard
    reaches them).

    Args:
        html: a page rendered by nbconvert's lab-based templates.

    Returns:
        str: the page with the attributes added; nothing else changes.
    """
    html = _IMG_WITHOUT_ALT.sub(f'<img alt="{MISSING_ALT}"', html)
    return _FOCUSABLE.sub('<div tabindex="0"', html)


class FeedbackExporter(HTMLExporter):
    """nbconvert's ``HTMLExporter`` without the BeautifulSoup round trip (the same page, the
    same accessibility attributes, in a tenth of the time). ``GenerateFeedback.exporter_class``
    in ``nbgrader_config.py`` names it."""

    def from_notebook_node(self, nb, resources=None, **kw):
        """Render ``nb`` as HTML; returns ``(html, resources)`` as ``HTMLExporter`` does."""
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight_code = self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
        )
        resources = self._init_resources(resources)
        filter_data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight_code)
        self.register_filter("filter_data_type", filter_data_type)
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return accessible(html), resources
