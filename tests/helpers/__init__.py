"""Tests of the helpers package, one file per module."""
