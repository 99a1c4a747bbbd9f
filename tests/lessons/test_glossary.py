"""docs/glossary.md covers the course vocabulary in English, 简体中文 and Español, and every lesson
leads its readers there.

Every term of CONTRIBUTING.md's vocabulary table (its `say` column) and every name the lessons'
shape comments use (`# (batch_size, timesteps, num_features) -> (batch_size, units)`) is in the
glossary; every row gives the Keras spelling, a Chinese and a Spanish term. Every lesson links
the glossary in its first cell, and ends with a short Chinese and Spanish version of its Summary
(for the readers of the forum questions) that states no number the English Summary does not.
"""

import re

import nbformat
import pytest

from tests.support import REPO, assignment_ids, solution_path

GLOSSARY = REPO / "docs" / "glossary.md"
COLUMNS = ["English", "Keras / course spelling", "简体中文", "Español"]
#: the course's terms and the words the forum questions used for them
TERMS = [
    "batch size",
    "timesteps",
    "features",
    "units",
    "epoch",
    "step / update",
    "iteration",
    "sample",
    "padding",
    "masking",
    "window",
    "stateful",
    "truncated BPTT",
    "learning rate",
    "gradient",
    "loss",
]
SEED_WORDS = [
    "批次大小",
    "批量大小",
    "时间步",
    "迭代",
    "样本",
    "神经元",
    "有状态",
    "tamaño de lote",
    "época",
    "iteración",
    "muestra",
    "lote",
    "neurona",
    "ventana",
]
CJK = re.compile(r"[\u4e00-\u9fff]")
#: how a lesson links the glossary (notebooks/<id>/ and solutions/<id>/ are both two levels down)
GLOSSARY_LINK = "../../docs/glossary.md"
#: the headings of the translated summaries, in the lesson's last cell
ZH_HEADING, ES_HEADING = "### 摘要（简体中文）", "### Resumen (español)"
SPANISH = re.compile(r"\b(el|la|los|las|un|una|de|del|que|y|es|son|por|para|con)\b")
NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")


def _rows():
    """The glossary's table rows as {column: cell}."""
    rows, header = [], None
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None if not line.strip() else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif not set("".join(cells)) <= set("-: "):
            rows.append(dict(zip(header, cells)))
    return rows


def _contributing_vocabulary():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = text.split("## Vocabulary", 1)[1].split("\n## ", 1)[0]
    terms = []
    lines = [line for line in table.splitlines() if line.startswith("|")]
    for line in lines[1:]:  # the header row is `say | not | ...`
        if not set(line) <= set("|-: "):
            say = line.strip("|").split("|")[0]
            terms += [t.strip(" `") for t in re.split(r"/", say) if t.strip(" `")]
    return terms


def _shape_comment_names():
    """Names inside the lessons' shape comments: `# (batch_size, timesteps, ...) -> (...)`."""
    names = set()
    for assignment in assignment_ids():
        nb = nbformat.read(solution_path(assignment), as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            for comment in re.findall(
                r"#\s*(\((?:batch_size|None)[^)]*\)(?:\s*->\s*\([^)]*\))?)", cell.source
            ):
                names |= set(re.findall(r"\b([a-z]+_[a-z_]+|timesteps|units)\b", comment))
    return names


def test_the_vocabulary_sources_are_found():
    """The checks below cannot pass vacuously."""
    assert {"batch_size", "timesteps", "num_features", "units"} <= set(_contributing_vocabulary())
    assert {"batch_size", "timesteps", "units"} <= _shape_comment_names()
    assert len(_rows()) >= len(TERMS)


def test_every_row_has_the_keras_spelling_chinese_and_spanish():
    for row in _rows():
        assert list(row)[:4] == COLUMNS, f"glossary table with other columns: {list(row)}"
        assert all(row[c] for c in COLUMNS), f"incomplete row: {row}"
        assert CJK.search(row["简体中文"]), f"no Chinese term: {row}"
        assert not CJK.search(row["Español"]), f"Spanish column holds Chinese: {row}"


@pytest.mark.parametrize("term", sorted(set(_contributing_vocabulary()) | _shape_comment_names()))
def test_every_vocabulary_term_the_lessons_use_is_in_the_glossary(term):
    spellings = " ".join(row["Keras / course spelling"] + " " + row["English"] for row in _rows())
    assert term.lower() in spellings.lower(), f"docs/glossary.md has no row for {term!r}"


@pytest.mark.parametrize("term", TERMS)
def test_the_course_terms_have_an_english_row(term):
    assert any(row["English"].lower() == term.lower() for row in _rows()), term


def test_the_words_the_forum_questions_used_are_given():
    text = GLOSSARY.read_text(encoding="utf-8")
    missing = [word for word in SEED_WORDS if word not in text]
    assert not missing, f"the glossary misses the seeds' words {missing}"


@pytest.mark.parametrize("assignment", assignment_ids())
def test_every_lesson_links_the_glossary_in_its_first_cell(assignment):
    """Check that the title cell links docs/glossary.md by a path that exists."""
    path = solution_path(assignment)
    first = nbformat.read(path, as_version=4).cells[0]
    assert f"]({GLOSSARY_LINK})" in first.source, (
        f"{assignment}: the first cell does not link the glossary"
    )
    assert (path.parent / GLOSSARY_LINK).resolve() == GLOSSARY.resolve()


def _translations(source):
    """``(chinese bullets, spanish bullets)`` of a last cell with the two headings."""
    zh = source.split(ZH_HEADING, 1)[1].split(ES_HEADING, 1)[0]
    es = source.split(ES_HEADING, 1)[1]
    bullets = lambda text: [line for line in text.splitlines() if line.startswith("- ")]  # noqa: E731
    return bullets(zh), bullets(es)


@pytest.mark.parametrize("assignment", assignment_ids())
def test_every_summary_has_a_short_chinese_and_spanish_version(assignment):
    """Check that the last cell translates the Summary: 2-6 bullets each, no new numbers."""
    cells = nbformat.read(solution_path(assignment), as_version=4).cells
    summary = max(
        i for i, c in enumerate(cells) if c.cell_type == "markdown" and "## Summary" in c.source
    )
    last = cells[-1]
    assert last.cell_type == "markdown" and summary < len(cells) - 1, (
        f"{assignment}: no cell after the Summary for its Chinese and Spanish versions"
    )
    assert last.source.index(ZH_HEADING) < last.source.index(ES_HEADING), f"{assignment}: headings"
    zh, es = _translations(last.source)
    assert 2 <= len(zh) <= 6 and all(CJK.search(line) for line in zh), (
        f"{assignment}: Chinese bullets {zh}"
    )
    assert 2 <= len(es) <= 6 and not any(CJK.search(line) for line in es), (
        f"{assignment}: Spanish {es}"
    )
    assert len(SPANISH.findall(" ".join(es))) >= 2 * len(es), f"{assignment}: is this Spanish? {es}"
    english = set(NUMBER.findall(cells[summary].source))
    new = set(NUMBER.findall(" ".join(zh + es))) - english
    assert not new, (
        f"{assignment}: the translations state numbers the English Summary does not: {sorted(new)}"
    )
    assert f"]({GLOSSARY_LINK})" in last.source, f"{assignment}: the translations link the glossary"


def test_the_translation_check_reads_a_summary_cell():
    """Check that the check above parses the format it asks for."""
    zh, es = _translations(
        f"{ZH_HEADING}\n\n- 一个 epoch\n- 两步\n\n{ES_HEADING}\n\n- Una época\n- dos pasos\n"
    )
    assert zh == ["- 一个 epoch", "- 两步"] and es == ["- Una época", "- dos pasos"]
