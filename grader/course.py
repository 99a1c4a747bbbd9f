"""The course: its nbgrader configuration, its gradebook and its submissions.

The gradebook is any SQLAlchemy URL nbgrader accepts (SQLite by default, PostgreSQL with
``--db-url``); every job grades on a private SQLite copy of it (:func:`snapshot_template`).
"""

import fnmatch
import glob
import os
import re
import sqlite3
from pathlib import Path

from grader.records import GradingSetupError, SourceCell

__all__ = [
    "assignment_cells",
    "check_gradebook",
    "copy_gradebook",
    "course_directory",
    "find_students",
    "lesson_ids",
    "load_config",
    "notebook_name",
    "safe_url",
    "snapshot_template",
]


def lesson_ids(*, root) -> list:
    """The course's lessons (assignment ids): the folders ``solutions/NN_name`` that hold
    ``NN_name.ipynb``, sorted. The one list of lessons: a new lesson is its folder.

    Args:
        root: the course root.

    Returns:
        list of str
    """
    return sorted(
        p.name
        for p in Path(root, "solutions").glob("[0-9][0-9]_*")
        if p.is_dir() and (p / f"{p.name}.ipynb").is_file()
    )


def load_config(course):
    """The course's nbgrader configuration (``nbgrader_config.py`` in ``course``).

    Raises:
        GradingSetupError: when ``course`` has no ``nbgrader_config.py``.
    """
    from traitlets.config.loader import PyFileConfigLoader

    course = Path(course).resolve()
    if not (course / "nbgrader_config.py").exists():
        raise GradingSetupError(f"no nbgrader_config.py in {course}: run from the course root")
    return PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()


def course_directory(config):
    """nbgrader's ``CourseDirectory`` for a configuration."""
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=config)


def safe_url(db_url):
    """The gradebook URL without its password, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(db_url).render_as_string(hide_password=True)
    except Exception:
        return db_url.split("@")[-1]


def _sqlite_path(db_url):
    return db_url[len("sqlite:///") :] if db_url.startswith("sqlite:///") else None


def check_gradebook(config, assignment):
    """The course directory, once the gradebook is known to hold ``assignment``.

    Raises:
        GradingSetupError: no SQLite gradebook file, the assignment is not in it, or the
            gradebook cannot be opened (no server, no driver, wrong password...).
    """
    from nbgrader.api import Gradebook, MissingEntry

    cd = course_directory(config)
    path = _sqlite_path(cd.db_url)
    if path is not None and not os.path.exists(path):
        raise GradingSetupError(f"no gradebook at {path}: run `make release` first")
    try:
        with Gradebook(cd.db_url, cd.course_id) as gb:
            try:
                gb.find_assignment(assignment)
            except MissingEntry:
                raise GradingSetupError(
                    f"{assignment} is not in the gradebook {safe_url(cd.db_url)}: run `make release` "
                    f"(or `nbgrader generate_assignment {assignment}`) first"
                ) from None
    except GradingSetupError:
        raise
    except Exception as exc:  # cannot connect, no driver, ...
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise GradingSetupError(
            f"cannot open the gradebook {safe_url(cd.db_url)}: {type(exc).__name__}: {text}"[:400]
        ) from None
    return cd


def copy_gradebook(*, source_url: str, target_url: str) -> None:
    """Copy every row of nbgrader's gradebook tables from one database to another.

    The target gets nbgrader's schema if it has none and is emptied first. Used to give jobs an
    SQLite copy of a PostgreSQL gradebook, and to move a gradebook from SQLite to PostgreSQL
    (``python -m grader copy-gradebook SOURCE_URL TARGET_URL``).

    Args:
        source_url: SQLAlchemy URL of the gradebook to copy.
        target_url: SQLAlchemy URL of the database to fill.

    Raises:
        sqlalchemy.exc.SQLAlchemyError: when either database cannot be used.
    """
    from nbgrader.api import Base
    from sqlalchemy import create_engine, insert, select

    source, target = create_engine(source_url), create_engine(target_url)
    try:
        # nbgrader's Gradebook() would run the `alembic` command to stamp a new database; the
        # schema and the stamp are copied here instead (no tool on PATH needed).
        Base.metadata.create_all(bind=target)
        with source.connect() as src, target.begin() as dst:
            for table in reversed(Base.metadata.sorted_tables):
                dst.execute(table.delete())
            for table in Base.metadata.sorted_tables:
                rows = [dict(row._mapping) for row in src.execute(select(table))]
                if rows:
                    dst.execute(insert(table), rows)
            _copy_alembic_stamp(src, dst)
    finally:
        source.dispose()
        target.dispose()


def _copy_alembic_stamp(src, dst):
    from sqlalchemy import inspect, text

    if not inspect(src).has_table("alembic_version"):
        return
    versions = [row[0] for row in src.execute(text("SELECT version_num FROM alembic_version"))]
    if not inspect(dst).has_table("alembic_version"):
        dst.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
    dst.execute(text("DELETE FROM alembic_version"))
    for version in versions:
        dst.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": version})


def snapshot_template(db_url, target):
    """One consistent SQLite copy of the gradebook; each job then gets a copy of this file.

    Returns:
        str: the path of the copy.
    """
    path = _sqlite_path(db_url)
    if path is None:
        copy_gradebook(source_url=db_url, target_url=f"sqlite:///{target}")
        return str(target)
    source, dest = sqlite3.connect(path), sqlite3.connect(str(target))
    try:
        with dest:
            source.backup(dest)
    finally:
        source.close()
        dest.close()
    return str(target)


def notebook_name(gb, assignment):
    """The one notebook of ``assignment`` in the gradebook ``gb``."""
    notebooks = [nb.name for nb in gb.find_assignment(assignment).notebooks]
    if len(notebooks) != 1:
        raise GradingSetupError(
            f"{assignment} has {len(notebooks)} notebooks; the grader grades one"
        )
    return notebooks[0]


def assignment_cells(gb, assignment, notebook):
    """The tracked cells of the assignment in notebook order, from the gradebook."""
    nb = gb.find_notebook(notebook, assignment)
    points = {c.name: float(c.max_score) for c in nb.grade_cells}
    solutions = {c.name for c in nb.solution_cells}
    return [
        SourceCell(
            name=c.name,
            cell_type=c.cell_type,
            locked=bool(c.locked),
            checksum=c.checksum,
            source=c.source,
            points=points.get(c.name),
            solution=c.name in solutions,
        )
        for c in nb.source_cells
    ]


def find_students(coursedir, assignment, patterns=None):
    """Student ids with a folder ``submitted/<student>/<assignment>/``, sorted."""
    pattern = coursedir.format_path(coursedir.submitted_directory, "*", glob.escape(assignment))
    regexp = coursedir.format_path(
        coursedir.submitted_directory, "(?P<student_id>[^/]+)", re.escape(assignment), escape=True
    )
    students = []
    for path in glob.glob(pattern):
        match = re.fullmatch(regexp, path)
        if match and os.path.isdir(path):
            students.append(match.group("student_id"))
    if patterns:
        students = [s for s in students if any(fnmatch.fnmatchcase(s, p) for p in patterns)]
    return sorted(students)
