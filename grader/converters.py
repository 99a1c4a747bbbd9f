"""nbgrader's converters (Autograde, GenerateFeedback) run in this process for one job, pointed
at the job's scratch folder and private gradebook copy, with the guarded kernel."""

import copy
import glob
import logging
import os
import warnings
from pathlib import Path

from grader.course import course_directory

__all__ = [
    "GUARDED_EXECUTE",
    "forks_kernels",
    "grading_config",
    "guarded_preprocessors",
    "run_converter",
]

GUARDED_EXECUTE = "grader.kernel.GuardedExecute"


class _ListHandler(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def _logger(name):
    logger = logging.getLogger(f"grader.converters.{name}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    handler = _ListHandler()
    logger.addHandler(handler)
    return logger, handler


def guarded_preprocessors(config):
    """The course's autograde preprocessors, with nbgrader's Execute replaced by the guarded one."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    if "autograde_preprocessors" in config.get("Autograde", {}):
        pps = list(config.Autograde.autograde_preprocessors)
    else:
        pps = list(Autograde.class_traits()["autograde_preprocessors"].default())
    names = [p if isinstance(p, str) else f"{p.__module__}.{p.__name__}" for p in pps]
    if GUARDED_EXECUTE in names:
        return pps
    return [GUARDED_EXECUTE if (p is Execute or str(p).endswith(".Execute")) else p for p in pps]


def forks_kernels(config):
    """Whether ``make grade`` forks its sandboxed kernels from a pre-warmed server
    (``grader.prewarm``): yes, unless ``nbgrader_config.py`` sets ``GuardedExecute.prewarm``."""
    return bool(config.get("GuardedExecute", {}).get("prewarm", True))


def grading_config(job, scratch, base, cd):
    """The course config with nbgrader pointed at the job's scratch folder and snapshot.

    ``base``: the course's configuration, loaded once per job (:func:`grader.course.load_config`),
    and ``cd`` its course directory; neither is changed.
    """
    from traitlets.config import Config

    config = copy.deepcopy(base)
    over = Config()
    over.CourseDirectory.root = str(scratch)
    over.CourseDirectory.source_directory = os.path.join(cd.root, cd.source_directory)
    over.CourseDirectory.release_directory = os.path.join(cd.root, cd.release_directory)
    over.CourseDirectory.submitted_directory = "submitted"
    over.CourseDirectory.autograded_directory = "autograded"
    over.CourseDirectory.feedback_directory = "feedback"
    over.CourseDirectory.db_url = f"sqlite:///{job.db_snapshot}"
    over.CourseDirectory.assignment_id = job.assignment
    over.CourseDirectory.student_id = glob.escape(job.student)
    over.BaseConverter.force = True
    over.Autograde.autograde_preprocessors = guarded_preprocessors(base)
    if job.timeout is not None:
        over.Execute.timeout = int(job.timeout)
    if job.memory_mb is not None:
        over.GuardedExecute.memory_limit_mb = int(job.memory_mb)
    over.GuardedExecute.kernel_log = str(Path(scratch) / "kernel.log")
    if not job.sandbox:
        over.GuardedExecute.sandbox = False
    else:  # a worker grades many students: its kernels are forks of one (grader.prewarm)
        over.GuardedExecute.prewarm = forks_kernels(base)
    config.merge(over)
    return config


def run_converter(kind, config):
    """Run nbgrader's Autograde or GenerateFeedback in-process; returns an error text or ''."""
    from nbgrader.converters import Autograde, GenerateFeedback, NbGraderException

    logger, handler = _logger(kind)
    base = {"autograde": Autograde, "feedback": GenerateFeedback}[kind]

    class Converter(base):
        failure = None

        def convert_single_notebook(self, notebook_filename):
            try:
                super().convert_single_notebook(notebook_filename)
            except Exception as exc:
                self.failure = exc
                raise

    Converter.__name__ = base.__name__
    converter = Converter(coursedir=course_directory(config), config=config, log=logger)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            converter.start()
        return ""
    except NbGraderException:
        pass
    if converter.failure is not None:
        exc = converter.failure
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return f"{type(exc).__name__}: {text}"[:300]
    errors = [
        r.getMessage().strip().splitlines()[0]
        for r in handler.records
        if r.levelno >= logging.ERROR and r.getMessage().strip()
    ]
    informative = [e for e in errors if "Please see" not in e and "There was an error" not in e]
    return ((informative or errors or ["nbgrader failed"])[-1])[:300]
