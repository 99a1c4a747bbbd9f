"""The feedback page's HTML, written in one pass.

nbconvert's ``HTMLExporter`` renders the page with Jinja, then parses all of it with
BeautifulSoup to give images without one an ``alt`` text and each cell's input and output a
``tabindex``, and writes the tree out again. On a feedback page (350 KB, most of it the
inlined style sheets) that round trip costs more than the rendering itself: about half a
second of every graded submission. :class:`FeedbackExporter` renders the same page and adds
the same attributes to the rendered text, tag by tag.

nbgrader makes a new exporter for every page, and each compiled its templates again and
highlighted every code cell again, though most cells are the instructor's, the same on every
page. Within a grading process, :class:`FeedbackExporter` compiles each template once (Jinja's
bytecode cache, checked against the template's source) and highlights each distinct code cell
once (:class:`HighlightMemo`).
"""

import re

from jinja2 import BytecodeCache
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

__all__ = ["MISSING_ALT", "FeedbackExporter", "HighlightMemo", "accessible"]

#: the ``alt`` text nbconvert gives an image that has none
MISSING_ALT = "No description has been provided for this image"

_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\salt=)", re.IGNORECASE)
_FOCUSABLE = re.compile(
    r'<div\b(?=[^>]*\sclass="(?:[^"]*\s)?(?:jp-Cell-inputWrapper|jp-OutputArea-output)(?:\s[^"]*)?")'
    r"(?![^>]*\stabindex=)"
)


class _TemplateCode(BytecodeCache):
    """Compiled templates kept in memory for the process (Jinja reuses one only while its
    source is unchanged)."""

    def __init__(self):
        self._code = {}

    def load_bytecode(self, bucket):
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket):
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CODE = _TemplateCode()
_HIGHLIGHTED: dict = {}


class HighlightMemo:
    """nbconvert's ``highlight_code`` filter, remembering the HTML of each source it has seen
    (for the same language, magics language and formatter options).

    Args:
        highlight: the ``Highlight2HTML`` filter whose results it keeps.
        memory: where they are kept (a dict, shared by the memos that share it).
        limit: how many highlighted sources to keep; the memory is emptied when it is full.
    """

    def __init__(self, highlight, *, memory: dict, limit: int = 4096):
        self._highlight = highlight
        self._seen = memory
        self._limit = limit

    def __call__(self, source, language=None, metadata=None):
        options = sorted(self._highlight.extra_formatter_options.items())
        magics = (metadata or {}).get("magics_language")
        key = (source, language or self._highlight.pygments_lexer, magics, repr(options))
        html = self._seen.get(key)
        if html is None:
            if len(self._seen) >= self._limit:
                self._seen.clear()
            html = self._seen[key] = self._highlight(source, language, metadata)
        return html


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

    def _create_environment(self):
        environment = super()._create_environment()
        environment.bytecode_cache = _TEMPLATE_CODE
        return environment

    def from_notebook_node(self, nb, resources=None, **kw):
        """Render ``nb`` as HTML; returns ``(html, resources)`` as ``HTMLExporter`` does."""
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight_code = self.filters.get(
            "highlight_code",
            HighlightMemo(Highlight2HTML(pygments_lexer=lexer, parent=self), memory=_HIGHLIGHTED),
        )
        resources = self._init_resources(resources)
        filter_data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight_code)
        self.register_filter("filter_data_type", filter_data_type)
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return accessible(html), resources
