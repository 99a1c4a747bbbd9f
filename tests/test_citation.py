"""Licence, citation and version: one version number (pyproject.toml's) that the site, the
student bundle, CITATION.cff, CHANGELOG.md and the README agree on; CITATION.cff is valid CFF
1.2.0; the licences say which files they cover."""

import datetime
import re
import tomllib
import zipfile

import pytest

from tests.support import REPO

yaml = pytest.importorskip("yaml")

VERSION = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]


def _citation():
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


def test_version_is_semantic():
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION)


def test_citation_cff_has_the_keys_cff_1_2_0_requires():
    cff = _citation()
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors"):  # required by the CFF 1.2.0 schema
        assert cff.get(key), f"CITATION.cff misses {key}"
    assert isinstance(cff["message"], str) and isinstance(cff["title"], str)
    assert isinstance(cff["authors"], list) and cff["authors"]
    for author in cff["authors"]:  # a person (family-names / given-names) or an entity (name)
        assert isinstance(author, dict) and (
            {"family-names", "given-names", "name"} & set(author)
        ), author
    assert cff.get("type", "software") in ("software", "dataset")
    assert isinstance(cff["version"], str), "quote the version (YAML would read 0.2 as a number)"
    datetime.date.fromisoformat(str(cff["date-released"]))
    licences = cff["license"] if isinstance(cff["license"], list) else [cff["license"]]
    assert set(licences) == {"MIT", "CC-BY-4.0"}  # SPDX identifiers


def test_citation_version_is_pyproject_version():
    assert _citation()["version"] == VERSION


def test_site_release_is_pyproject_version():
    namespace = {"__file__": str(REPO / "docs" / "conf.py")}
    exec(compile((REPO / "docs" / "conf.py").read_text(), "conf.py", "exec"), namespace)
    assert namespace["release"] == namespace["version"] == VERSION


def test_readme_and_changelog_state_the_version():
    assert f"version {VERSION}" in (REPO / "README.md").read_text()
    changelog = (REPO / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## (\d+\.\d+\.\d+)", changelog, re.M)
    assert headings[0] == VERSION, "CHANGELOG.md's newest entry must be the current version"
    assert "0.1.0" in headings


def test_student_bundle_readme_carries_the_version(tmp_path):
    from grader import bundle

    assert bundle.course_version(REPO) == VERSION
    out = bundle.build_bundle(root=REPO, output=tmp_path / "student.zip")
    with zipfile.ZipFile(out) as zf:
        readme = zf.read("shapes-and-batches/README.md").decode()
        names = zf.namelist()
    assert f"\nVersion: {VERSION}\n" in readme
    assert (
        "shapes-and-batches/LICENSE" in names and "shapes-and-batches/LICENSE-CONTENT.md" in names
    )


def test_course_version_reads_the_project_table_only(tmp_path):
    from grader import bundle

    (tmp_path / "pyproject.toml").write_text(
        '[tool.other]\nversion = "9.9.9"\n\n[project]\nname = "x"\nversion = "1.2.3"\n'
    )
    assert bundle.course_version(tmp_path) == "1.2.3"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.x]\nversion = "1"\n')
    with pytest.raises(FileNotFoundError, match="no \\[project\\] version"):
        bundle.course_version(tmp_path)


def test_licences_say_what_they_cover():
    mit = (REPO / "LICENSE").read_text()
    content = (REPO / "LICENSE-CONTENT.md").read_text()
    assert mit.startswith("MIT License") and "helpers/" in mit and "grader/" in mit
    assert "CC BY 4.0" in content and "creativecommons.org/licenses/by/4.0" in content
    assert "solutions/" in content and "notebooks/" in content
    readme = (REPO / "README.md").read_text()
    assert "LICENSE-CONTENT.md" in readme and "CITATION.cff" in readme
