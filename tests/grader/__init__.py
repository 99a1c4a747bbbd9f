"""Tests of the instructor's grading tools (the grader package)."""
