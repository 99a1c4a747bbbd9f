"""helpers.reference.lesson06: unit tests, bad input included."""

from importlib import resources
from pathlib import Path
import hashlib

from helpers import data


DATASETS = Path(data.__file__).resolve().parent / "datasets"


SUNSPOTS_SHA256 = "f67889b1d9002cd5227f0e0ef54e35b419cdd85a31279adef6f73fb41e5c0a9b"


def test_sunspots_csv_is_the_unchanged_statsmodels_file():
    raw = (DATASETS / "sunspots.csv").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SUNSPOTS_SHA256
    assert b"\r" not in raw
    lines = raw.decode("utf-8").splitlines()
    assert lines[0] == '"YEAR","SUNACTIVITY"' and len(lines) == 310


def test_datasets_readme_states_source_licence_and_how_it_was_obtained():
    text = (DATASETS / "README.md").read_text(encoding="utf-8")
    assert "sunspots.csv" in text
    assert "National Geophysical Data Center" in text and "NOAA" in text
    assert "This data is public domain." in text
    assert "pip download --no-deps statsmodels==0.15.0" in text
    assert SUNSPOTS_SHA256 in text


def test_sunspots_csv_is_reachable_as_package_data():
    source = resources.files("helpers") / "datasets" / "sunspots.csv"
    assert source.is_file()


MACRODATA_SHA256 = "d93c0d3a7a77ef83c3af14e46032bb1d02ae3a512b22ab94159a8ca226fcf708"


def test_macrodata_csv_is_the_unchanged_statsmodels_file():
    raw = (DATASETS / "macrodata.csv").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == MACRODATA_SHA256
    assert b"\r" not in raw
    lines = raw.decode("utf-8").splitlines()
    assert lines[0].startswith('"year","quarter","realgdp"') and len(lines) == 204


def test_datasets_readme_states_macrodata_source_and_licence():
    text = (DATASETS / "README.md").read_text(encoding="utf-8")
    assert "macrodata.csv" in text and "FRED" in text and "Bureau of Labor Statistics" in text
    assert "This is public domain." in text and MACRODATA_SHA256 in text
