"""The instructor's command line: ``python -m grader collect | grade | export | bundle | copy-gradebook``.

A thin layer: it parses the options, calls the keyword-only entry points, and turns an
exception that carries an ``exit_code`` into that exit code with a one-line message.

Exit codes of ``grade``: 0 when every submission has a score, 1 when at least one is
ungradable, 2 when grading cannot start. ``bundle``: 0, or 2 when a release is missing.
``copy-gradebook``: 0, or 2 when a database cannot be used. ``collect``: 0 when every file was
placed, 1 when some could not be (each is named with the reason), 2 when the download or the
roster cannot be read. ``export``: 0, or 2.
"""

import argparse
import logging
import sys
import zipfile
from pathlib import Path

from grader.assignment import grade_assignment
from grader.bundle import DEFAULT_OUTPUT, build_bundle
from grader.collect import collect
from grader.course import copy_gradebook
from grader.export import export
from grader.records import UNGRADABLE

__all__ = ["main", "parser"]


class CopyError(Exception):
    """The gradebook could not be copied; exit code 2."""

    exit_code = 2


def _grade(args):
    if args.workers is not None and args.workers < 1:
        raise SystemExit("grade: --workers must be >= 1")
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    results, _ = grade_assignment(
        course=args.course,
        assignment=args.assignment,
        students=args.student,
        timeout=args.timeout,
        memory_mb=args.memory_mb,
        feedback=not args.no_feedback,
        csv_path=args.csv,
        serial=args.serial,
        workers=args.workers,
        scheduler=args.scheduler or None,
        db_url=args.db_url or None,
        sandbox=not args.no_sandbox,
    )
    return 1 if any(r.status == UNGRADABLE for r in results) else 0


def _bundle(args):
    path = build_bundle(
        root=Path(args.root).resolve(), output=args.output, assignments=args.assignments or None
    )
    with zipfile.ZipFile(path) as zf:
        count = len(zf.namelist())
    print(f"wrote {path} ({count} files)")
    return 0


def _copy_gradebook(args):
    try:
        copy_gradebook(source_url=args.source_url, target_url=args.target_url)
    except Exception as exc:  # SQLAlchemy's errors: no server, no driver, wrong password...
        raise CopyError(
            f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"[
                :400
            ]
        ) from None
    print(f"copied {args.source_url.split('@')[-1]} -> {args.target_url.split('@')[-1]}")
    return 0


def _collect(args):
    done = collect(
        course=Path(args.course).resolve(),
        assignment=args.assignment,
        zip_path=args.zip,
        roster=args.roster,
        times=args.times,
        timezone=args.timezone,
    )
    print(
        f"Collected {args.assignment} from a {done.lms.capitalize()} download: "
        f"{len(done.placed)} placed, {len(done.problems)} not placed"
    )
    for student, entry, when in done.placed:
        stamp = when.strftime("%Y-%m-%d %H:%M UTC") if when else "no submission time"
        print(f"  placed      {student:<20} {stamp:<22} {entry}")
    for student, note in done.notes:
        print(f"  note        {student:<20} {note}")
    for entry, reason in done.problems:
        print(f"  NOT PLACED  {entry}: {reason}")
    return 1 if done.problems else 0


def _export(args):
    from grader.course import course_directory, lesson_ids, load_config

    course = Path(args.course).resolve()
    assignments = (
        [args.assignment]
        if args.assignment
        else lesson_ids(root=course_directory(load_config(course)).root)
    )
    for path in export(
        course=course, assignments=assignments, lms=args.lms, roster=args.roster, output=args.output
    ):
        print(f"wrote {path}")
    return 0


def _add_lms(sub):
    p = sub.add_parser(
        "collect", help="an LMS bulk download (Canvas, Moodle) -> submitted/, with submission times"
    )
    p.add_argument("assignment", help="assignment id, e.g. 01_input_layer_vs_features")
    p.add_argument("--zip", required=True, help="the LMS's bulk download of this assignment")
    p.add_argument(
        "--roster", required=True, help="roster CSV: student_id, canvas_id, moodle_id, name, email"
    )
    p.add_argument(
        "--times", help="submission times: Moodle's grading worksheet, or a CSV lms_id,submitted_at"
    )
    p.add_argument(
        "--timezone", default="UTC", help="time zone of times given without one (default UTC)"
    )
    p.add_argument("--course", default=".", help="course root (default: the current folder)")
    p.set_defaults(run=_collect)
    p = sub.add_parser("export", help="grades in Canvas's or Moodle's import format; feedback zips")
    p.add_argument(
        "assignment", nargs="?", help="assignment id (default: every assignment, one file)"
    )
    p.add_argument("--lms", required=True, choices=["canvas", "moodle"])
    p.add_argument("--roster", required=True, help="roster CSV (as for collect)")
    p.add_argument("--output", help="folder to write to (default: grades/)")
    p.add_argument("--course", default=".", help="course root (default: the current folder)")
    p.set_defaults(run=_export)


def _add_grade(sub):
    p = sub.add_parser(
        "grade", help="autograde every submission of one assignment; report, CSV, feedback"
    )
    p.add_argument("assignment", help="assignment id, e.g. 01_input_layer_vs_features")
    p.add_argument("--course", default=".", help="course root (default: the current folder)")
    p.add_argument(
        "--student",
        action="append",
        metavar="GLOB",
        help="grade only these students (repeatable; shell-style patterns)",
    )
    p.add_argument(
        "--timeout",
        type=int,
        metavar="S",
        help="per-cell timeout in seconds (default: Execute.timeout in nbgrader_config.py)",
    )
    p.add_argument(
        "--memory-mb",
        type=int,
        metavar="N",
        help="memory cap of the grading kernel in MiB, 0 = none "
        "(default: GuardedExecute.memory_limit_mb in nbgrader_config.py)",
    )
    p.add_argument(
        "--csv", metavar="PATH", help="where to write the grades (default: grades/<id>.csv)"
    )
    p.add_argument("--no-feedback", action="store_true", help="do not write feedback pages")
    p.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run student code WITHOUT the bubblewrap sandbox (said in the report, the CSV "
        "and every feedback page)",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--serial",
        action="store_true",
        help="grade in this process, one at a time (the reference executor)",
    )
    where.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="worker processes on this machine (default: the number of cores)",
    )
    where.add_argument(
        "--scheduler",
        metavar="URL",
        help="grade on a Dask cluster: its scheduler address, e.g. tcp://10.0.0.5:8786",
    )
    p.add_argument(
        "--db-url",
        metavar="URL",
        help="gradebook URL (default: nbgrader_config.py's, SQLite), e.g. "
        "postgresql+psycopg2://grader@dbhost:5432/gradebook",
    )
    p.set_defaults(run=_grade)


def parser():
    """The argument parser of ``python -m grader``."""
    top = argparse.ArgumentParser(
        prog="python -m grader", description="The course's grading tools."
    )
    sub = top.add_subparsers(
        dest="command", required=True, metavar="{collect,grade,export,bundle,copy-gradebook}"
    )
    _add_lms(sub)
    _add_grade(sub)
    p = sub.add_parser("bundle", help="zip what a student needs: notebooks, helpers, install files")
    p.add_argument("assignments", nargs="*", help="assignment ids (default: all of notebooks/)")
    p.add_argument("--output", help=f"zip to write (default: {DEFAULT_OUTPUT})")
    p.add_argument("--root", default=".", help="course root (default: the current folder)")
    p.set_defaults(run=_bundle)
    p = sub.add_parser(
        "copy-gradebook", help="copy a gradebook between databases (e.g. SQLite -> PostgreSQL)"
    )
    p.add_argument("source_url", help="e.g. sqlite:///gradebook.db")
    p.add_argument("target_url", help="e.g. postgresql+psycopg2://grader@dbhost:5432/gradebook")
    p.set_defaults(run=_copy_gradebook)
    return top


def main(argv=None):
    """Run one command; returns its exit code."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except Exception as exc:
        code = getattr(exc, "exit_code", None)
        if code is None:
            raise
        print(f"{args.command}: {exc}", file=sys.stderr)
        return code
