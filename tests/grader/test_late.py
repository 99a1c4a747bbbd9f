"""grader.late: started days late, the per-day penalty, due dates that must carry a time zone."""

import datetime
import types

import pytest
from traitlets.config import Config

from grader.late import LatePolicy, days_late, due_date


def test_days_late_counts_started_days():
    assert [days_late(s) for s in (None, 0, -5, 1, 86400, 86401, 3 * 86400)] == [
        0,
        0,
        0,
        1,
        1,
        2,
        3,
    ]


def _gradebook_parent(max_score=8):
    """What nbgrader's AssignLatePenalties gives its plug-in: ids and an open gradebook."""
    notebook = types.SimpleNamespace(max_score=max_score)
    return types.SimpleNamespace(
        notebook_id="nb",
        assignment_id="a",
        gradebook=types.SimpleNamespace(find_submission_notebook=lambda *ids: notebook),
    )


@pytest.mark.parametrize(
    "method, score, seconds, expected",
    [
        ("per_day", 8, 3600, 2.0),  # 1 started day: 0.25 of 8 points
        ("per_day", 8, 2 * 86400 + 1, 6.0),  # 3 started days
        ("per_day", 3, 5 * 86400, 3.0),  # never more than the score
        ("zero", 6, 60, 6),
        ("none", 6, 60, None),
    ],
)
def test_penalties(method, score, seconds, expected, monkeypatch):
    policy = LatePolicy(penalty_method=method, penalty_per_day=0.25)
    monkeypatch.setattr(LatePolicy, "parent", _gradebook_parent(), raising=False)
    assert policy.late_submission_penalty("s1", score, seconds) == expected


def test_due_dates_are_read_as_utc_and_need_a_time_zone():
    config = Config()
    config.LatePolicy.due_dates = {"a": "2026-12-01T23:59:00+01:00", "b": "2026-12-01T23:59:00"}
    assert due_date(config, "a") == datetime.datetime(
        2026, 12, 1, 22, 59, tzinfo=datetime.timezone.utc
    )
    assert due_date(config, "c") is None
    with pytest.raises(ValueError, match="needs a time zone"):
        due_date(config, "b")
