"""Tests of the whole system: make lab, the browser, whole classes graded."""
