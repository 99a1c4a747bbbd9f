"""Tests of helpers/reference/, one file per lesson module."""
