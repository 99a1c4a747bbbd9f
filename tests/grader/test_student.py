"""grader.student: one grading job reads the course configuration (nbgrader_config.py) once and
hands it down (the submission check, the autograde and feedback converters)."""

import shutil

import nbformat
from traitlets.config.loader import PyFileConfigLoader

from grader import student
from grader.records import UNGRADABLE, GradeJob
from tests.grader import cases


def test_a_job_loads_the_course_configuration_once(tmp_path, monkeypatch):
    course = cases.build_course(tmp_path)
    submitted = course / "submitted" / "s1" / cases.ASSIGNMENT
    submitted.mkdir(parents=True)
    nbformat.write(cases.release_nb(course), submitted / f"{cases.ASSIGNMENT}.ipynb")
    shutil.copy2(course / "gradebook.db", tmp_path / "snapshot.db")
    loads, converters = [], []
    real_load = PyFileConfigLoader.load_config

    def counted_load(self):
        loads.append(self.full_filename)
        return real_load(self)

    def stub_converter(kind, config):  # no kernel: what the converter is given is the point
        converters.append((kind, config))
        return "stubbed converter"

    monkeypatch.setattr(PyFileConfigLoader, "load_config", counted_load)
    monkeypatch.setattr(student, "run_converter", stub_converter)
    job = GradeJob(
        course=str(course),
        assignment=cases.ASSIGNMENT,
        student="s1",
        db_snapshot=str(tmp_path / "snapshot.db"),
        scratch=str(tmp_path / "work"),
        sandbox=False,
    )
    result = student.grade_one(job)
    assert result.status == UNGRADABLE and "stubbed converter" in result.reason, result
    assert len(loads) == 1, f"nbgrader_config.py read {len(loads)} times: {loads}"
    [(kind, config)] = converters
    assert kind == "autograde" and config.CourseDirectory.root == str(tmp_path / "work")
    assert config.CourseDirectory.db_url == f"sqlite:///{tmp_path / 'snapshot.db'}"
