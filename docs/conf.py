"""Sphinx configuration of the course site (``make site``).

Sphinx reads the tree that ``python -m grader.publish`` writes (``build/site-src``: this folder
copied, plus ``lessons/<id>.ipynb`` with no solutions and no hidden tests). Notebooks are never
executed: their stored outputs and figures come from the solution notebooks.
"""

import tomllib
from pathlib import Path


def _pyproject():
    """The course's pyproject.toml: above docs/, or the copy grader.publish puts beside this file
    (the site's sources may be built anywhere)."""
    here = Path(__file__).resolve().parent
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file():
            with open(folder / "pyproject.toml", "rb") as f:
                return tomllib.load(f)
    raise FileNotFoundError("pyproject.toml not found above the site's sources")


project = "Shapes & Batches"
author = "The Shapes & Batches authors"
copyright = f"2026, {author}. Text and notebooks: CC BY 4.0; code: MIT"
#: one version for the package, the site, the student bundle and the README
release = version = _pyproject()["project"]["version"]

# MathJax from the site itself (sphinx-mathjax-offline copies MathJax 3 into _static/mathjax):
# the formulas render offline and no page loads anything from another host.
extensions = ["myst_nb", "sphinx.ext.mathjax", "sphinx-mathjax-offline"]
nb_execution_mode = "off"  # outputs are the solution notebooks' stored outputs
nb_merge_streams = True
myst_enable_extensions = ["colon_fence", "dollarmath", "substitution"]
myst_substitutions = {"release": release}
myst_heading_anchors = 3
exclude_patterns = ["_build", "**.ipynb_checkpoints", "lesson_table.md"]
suppress_warnings = ["myst.header"]  # lesson cells may skip a heading level

html_theme = "sphinx_book_theme"
html_title = f"Shapes & Batches {release}"
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_prev_next": True,
}
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False  # no _sources/ copies of the notebooks in the site
