"""grader.report: the CSV and the table list every student with status, score and reason."""

from grader import report
from grader.records import GRADED, UNGRADABLE, GradeResult


def test_csv_and_table_list_every_student_with_status_and_reason(tmp_path):
    results = [
        GradeResult(student="b", status=UNGRADABLE, reason="empty file (0 bytes)", max_score=8),
        GradeResult(
            student="a",
            status=GRADED,
            score=6,
            max_score=8,
            failed=["x_one", "x_two"],
            reason="restored, with a comma",
        ),
    ]
    path = report.write_csv(results, tmp_path / "g" / "grades.csv")
    assert path.read_text().splitlines() == [
        "student_id,status,score,max_score,late_penalty,final_score,days_late,submitted_at,failed_checks,reason",
        'a,graded,6,8,,6,,,x_one;x_two,"restored, with a comma"',
        "b,ungradable,,8,,,,,,empty file (0 bytes)",
    ]
    table = report.format_table(results).splitlines()
    assert table[0].split() == ["student", "status", "score", "reason"]
    assert table[2].split()[:3] == ["a", "graded", "6/8"] and table[3].split()[:3] == [
        "b",
        "ungradable",
        "-",
    ]


def test_progress_line_gives_time_rate_and_time_left():
    result = GradeResult(student="s012", status=GRADED, score=6, max_score=8, seconds=4.94)
    line = report.progress_line(result, done=12, total=200, seconds=62)
    assert (
        line == "[ 12/200] s012: graded 6/8 (4.9 s; elapsed 0:01:02; 11.6/min; ~0:16:11 left)"
    )  # 188 left at 12 per 62 s: 971 s
