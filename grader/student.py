"""Grade ONE student: check and repair the submission, autograde it in a guarded kernel with
nbgrader's converters in this process, read the scores, write the feedback page.

:func:`grade_one` touches only the job's scratch folder and its private gradebook copy; the
results go to :class:`grader.writer.GradebookWriter`. nbgrader's converters ``os.chdir``: one
grading job at a time per process.
"""

import re
import shutil
import time
from pathlib import Path

from grader import markup
from grader.converters import grading_config, run_converter
from grader.course import assignment_cells, course_directory, load_config, notebook_name
from grader.kernel_sandbox import NO_SANDBOX_NOTE, mark_feedback
from grader.late import days_late
from grader.kernel import KERNEL_DIED, NOT_RUN, TRUNCATED, UNSTOPPABLE
from grader.records import GRADED, MANUAL, UNGRADABLE, GradeResult
from grader.repair import owner_of, prepare_submission
from grader.tamper import describe as describe_finding
from grader.tamper import scan_notebook
from grader.timings import write_job

__all__ = ["grade_one", "scan_autograded"]


def _describe_cells(names, limit=4):
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


_ERROR_KINDS = {
    "CellTimeoutError": "timeout",
    "TimeoutError": "timeout",
    KERNEL_DIED: "died",
    UNSTOPPABLE: "unstoppable",
    NOT_RUN: "not_run",
    "MemoryError": "memory",
    "ResourceExhaustedError": "memory",
}


def scan_autograded(nb):
    """What the grader did to a notebook while running it, from its outputs.

    Returns:
        dict with lists of cell names: ``timeout``, ``memory``, ``truncated``, ``died``,
        ``unstoppable``, ``not_run``; and ``why``: ``{cell name: message}`` for the cell in
        which the kernel stopped.
    """
    found = {k: [] for k in ("timeout", "memory", "truncated", "died", "unstoppable", "not_run")}
    found["why"] = {}
    for index, cell in enumerate(nb.cells):
        name = markup.grade_id(cell=cell)
        if not name:
            first = next((l.strip() for l in cell.source.splitlines() if l.strip()), "")
            name = f"cell {index + 1}" + (f" `{first[:40]}`" if first else "")
        kinds = set()
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                ename = out.get("ename", "")
                if ename in (KERNEL_DIED, UNSTOPPABLE):
                    found["why"][name] = out.get("evalue", "")
                kinds.add(_ERROR_KINDS.get(ename, ""))
            elif kind == "stream":
                text = out.get("text", "")
                if TRUNCATED in text or "... Output truncated ..." in text:
                    kinds.add("truncated")
        for kind in sorted(kinds - {""}):
            found[kind].append(name)
    return found


def _kernel_log_tail(scratch):
    log = Path(scratch) / "kernel.log"
    if not log.exists():
        return ""
    lines = [l.strip() for l in log.read_text(errors="replace").splitlines()]
    crash = [
        l
        for l in lines
        if re.search(
            r"Fatal Python error|Segmentation fault|Aborted|MemoryError|"
            r"terminate called|bad_alloc",
            l,
        )
    ]
    return crash[0][:160] if crash else ""


def _what_happened(found, timeout, scratch):
    """``(fatal, notes)`` for the report, from :func:`scan_autograded`'s findings."""
    fatal, notes = "", []
    if found["died"]:
        crash = _kernel_log_tail(scratch)
        name = found["died"][0]
        fatal = f"{name}: {found['why'].get(name) or 'the kernel died'}" + (
            f" [{crash}]" if crash else ""
        )
    elif found["unstoppable"]:
        fatal = (
            f"{found['unstoppable'][0]} ran past the {timeout} s timeout and ignored the interrupt"
        )
    if fatal and found["not_run"]:
        fatal += f"; {len(found['not_run'])} later checks did not run ({_describe_cells(found['not_run'])})"
    if found["timeout"]:
        notes.append(
            f"stopped after the {timeout} s per-cell timeout: {_describe_cells(found['timeout'])}"
        )
    if found["memory"]:
        notes.append(f"hit the kernel memory cap: {_describe_cells(found['memory'])}")
    if found["truncated"]:
        notes.append(f"output cut to a bounded size: {_describe_cells(found['truncated'])}")
    return fatal, notes


def _stage(prepared, submitted, staged, notebook):
    """Put the repaired notebook (and the student's other files) where nbgrader reads it."""
    import nbformat

    staged.mkdir(parents=True)
    for item in submitted.iterdir():
        if item.suffix == ".ipynb" or item.name == ".ipynb_checkpoints":
            continue
        if item.is_file():
            shutil.copy2(item, staged / item.name)
        elif item.is_dir():
            shutil.copytree(item, staged / item.name)
    nbformat.write(prepared.nb, staged / f"{notebook}.ipynb")


def _scores(job, cd, notebook, affected, autograded, recorded):
    """The graded result as the job's gradebook copy has it; ``affected`` checks need a hand.

    ``recorded``: the submission came with a ``timestamp.txt`` (the LMS's submission time);
    without one the gradebook's timestamp is only when it was first stored, not a submission time.
    """
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{job.db_snapshot}", cd.course_id) as gb:
        submission = gb.find_submission(job.assignment, job.student)
        nbsub = gb.find_submission_notebook(notebook, job.assignment, job.student)
        for grade in nbsub.grades:
            if grade.name in affected:
                grade.needs_manual_grade = True
        gb.db.commit()
        manual = sorted(
            g.name for g in nbsub.grades if g.needs_manual_grade and g.name not in affected
        )
        result = GradeResult(
            student=job.student,
            status=GRADED,
            score=float(nbsub.score),
            max_score=float(nbsub.max_score),
            failed=sorted(
                g.name for g in nbsub.grades if g.max_score and (g.score or 0) < g.max_score
            ),
            grades={g.name: (g.auto_score, bool(g.needs_manual_grade)) for g in nbsub.grades},
            comments={c.name: c.auto_comment for c in nbsub.comments},
            timestamp=submission.timestamp,
            late_penalty=nbsub.late_submission_penalty,
            late_days=days_late(submission.total_seconds_late) if recorded else None,
            autograded_dir=str(autograded),
        )
    return result, manual


def _load(job):
    """The job's config (the one time a job reads ``nbgrader_config.py``) and course directory,
    the notebook name, its cells and max score."""
    from nbgrader.api import Gradebook

    config = load_config(job.course)
    cd = course_directory(config)
    with Gradebook(f"sqlite:///{job.db_snapshot}", cd.course_id) as gb:
        notebook = notebook_name(gb, job.assignment)
        cells = assignment_cells(gb, job.assignment, notebook)
        max_score = float(gb.find_assignment(job.assignment).max_score)
    return config, cd, notebook, cells, max_score


def grade_one(job):
    """Grade ONE student's submission; touches only ``job.scratch`` and ``job.db_snapshot``.

    Args:
        job: a :class:`grader.records.GradeJob`.

    Returns:
        grader.records.GradeResult: the status, reason, scores and the scratch folders holding
        the autograded notebook and the feedback.
    """
    import nbformat

    started = time.monotonic()
    config, cd, notebook, cells, max_score = _load(job)
    release = Path(cd.format_path(cd.release_directory, ".", job.assignment)) / f"{notebook}.ipynb"
    released = nbformat.read(release, as_version=4).cells if release.exists() else None
    release_ids = {cell.get("id") for cell in released} if released is not None else None
    release_sources = {cell.get("id"): cell.source for cell in released or []}
    submitted = Path(cd.format_path(cd.submitted_directory, job.student, job.assignment))
    prepared = prepare_submission(
        submitted / f"{notebook}.ipynb",
        job.assignment,
        cells,
        release_ids,
        identify=lambda ids: owner_of(ids, cd, job.assignment),
    )
    if prepared.reason:
        result = GradeResult(
            student=job.student, status=UNGRADABLE, reason=prepared.reason, max_score=max_score
        )
    else:
        suspicious = [
            describe_finding(f)
            for f in scan_notebook(
                nb=prepared.nb, release_ids=release_ids, release_sources=release_sources
            )
        ]
        checks = {c.name for c in cells if c.points is not None}
        scratch_config = grading_config(job, Path(job.scratch), config, cd)
        result = _grade_prepared(
            job, prepared, submitted, notebook, max_score, suspicious, checks, scratch_config
        )
    result.seconds = time.monotonic() - started
    log = config.get("GuardedExecute", {}).get("timings_log", "")
    if log and result.autograde_seconds:
        write_job(
            path=log,
            notebook=result.autograded_dir,
            job=result.seconds,
            autograde=result.autograde_seconds,
        )
    return result


def _grade_prepared(job, prepared, submitted, notebook, max_score, suspicious, checks, config):
    """Autograde a checked submission; ``suspicious``: the tamper scan's findings (then every
    check in ``checks`` waits for a grade by hand); ``config``: the job's grading configuration
    (:func:`grader.converters.grading_config`)."""
    import nbformat

    scratch = Path(job.scratch)
    _stage(prepared, submitted, scratch / "submitted" / job.student / job.assignment, notebook)
    converter_started = time.monotonic()
    failure = run_converter("autograde", config)
    autograde_s = time.monotonic() - converter_started
    autograded = scratch / "autograded" / job.student / job.assignment
    graded_nb = autograded / f"{notebook}.ipynb"
    if failure or not graded_nb.exists():
        return GradeResult(
            student=job.student,
            status=UNGRADABLE,
            max_score=max_score,
            reason=f"nbgrader could not grade it: {failure or 'no autograded notebook'}",
        )
    found = scan_autograded(nbformat.read(graded_nb, as_version=4))
    fatal, notes = _what_happened(found, config.Execute.get("timeout", 30), scratch)
    notes = list(prepared.notes) + notes
    affected = set(found["died"] + found["unstoppable"] + found["not_run"])
    if suspicious:
        affected |= checks
    recorded = (submitted / "timestamp.txt").is_file()
    result, manual = _scores(
        job, course_directory(config), notebook, affected, autograded, recorded
    )
    result.autograde_seconds = autograde_s
    if fatal:
        result.status = MANUAL
        notes.insert(0, fatal)
    elif manual:
        result.status = MANUAL
        notes.insert(0, f"needs a grade by hand: {_describe_cells(manual)}")
    if suspicious:
        result.status = MANUAL
        more = f"; and {len(suspicious) - 3} more" if len(suspicious) > 3 else ""
        notes.insert(0, "tampering suspected, grade by hand: " + "; ".join(suspicious[:3]) + more)
    sandboxed = config.GuardedExecute.get("sandbox", False)
    if not sandboxed:
        notes.insert(0, NO_SANDBOX_NOTE)
    if result.late_days:
        penalty = (
            f"late penalty {result.late_penalty:g} points"
            if result.late_penalty
            else "no late penalty"
        )
        notes.append(
            f"submitted {result.late_days} day{'s' if result.late_days > 1 else ''} late: {penalty}"
        )
    if job.feedback:
        problem = run_converter("feedback", config)
        feedback = scratch / "feedback" / job.student / job.assignment
        if problem or not feedback.exists():
            notes.append(f"no feedback page: {problem or 'nbgrader wrote none'}")
        else:
            result.feedback_dir = str(feedback)
            if not sandboxed:
                mark_feedback(folder=feedback)
    result.reason = "; ".join(notes)
    return result
