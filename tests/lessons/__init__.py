"""Tests of the lessons: structure, release, Validate, and grading with named wrong answers."""
