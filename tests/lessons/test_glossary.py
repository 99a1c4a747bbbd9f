"""docs/glossary.md covers the course vocabulary in English, 简体中文 and Español.

Every term of CONTRIBUTING.md's vocabulary table (its `say` column) and every name the lessons'
shape comments use (`# (batch_size, timesteps, num_features) -> (batch_size, units)`) is in the
glossary; every row gives the Keras spelling, a Chinese and a Spanish term.
"""

import re

import nbformat
import pytest

from tests.support import REPO, assignment_ids, solution_path

GLOSSARY = REPO / "docs" / "glossary.md"
COLUMNS = ["English", "Keras / course spelling", "简体中文", "Español"]
#: the course's terms (issue 16) and the words the forum questions used for them
TERMS = ["batch size", "timesteps", "features", "units", "epoch", "step / update", "iteration",
         "sample", "padding", "masking", "window", "stateful", "truncated BPTT", "learning rate",
         "gradient", "loss"]
SEED_WORDS = ["批次大小", "批量大小", "时间步", "迭代", "样本", "神经元", "有状态",
              "tamaño de lote", "época", "iteración", "muestra", "lote", "neurona", "ventana"]
CJK = re.compile(r"[\u4e00-\u9fff]")


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
            for comment in re.findall(r"#\s*(\((?:batch_size|None)[^)]*\)(?:\s*->\s*\([^)]*\))?)", cell.source):
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
