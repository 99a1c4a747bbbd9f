# Shapes & Batches — the course's commands. Run `make help` for the list.
#
#   make lab       create .venv if needed, then open JupyterLab on the course
#   make test      create .venv if needed, then run every test
#   make release   regenerate notebooks/ (student notebooks) from solutions/
#   make outputs   re-execute solutions/ in place so their stored outputs are current
#   make grade ASSIGNMENT=<id>   autograde every submission of one assignment (see README)
#   make bundle    dist/shapes-and-batches-student.zip: what a student needs
#   make browser-deps  install Debian's Chromium for the browser tests (as root)

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSIGNMENTS := $(sort $(notdir $(wildcard solutions/[0-9][0-9]_*)))
# pytest-xdist workers for `make test` (2 cores here; `make test WORKERS=1` runs serially)
WORKERS ?= 2
PYTEST_ARGS ?=
LAB_ARGS ?=
# JupyterLab refuses to run as root without --allow-root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help install lab test release outputs clean browser-deps

help:
	@sed -n '3,10p' Makefile

install: $(STAMP)

# One install per change of pyproject.toml: a second `make lab` or `make test` does not reinstall.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# Keep TensorFlow's C++ log lines out of notebook outputs (any kernel started from .venv).
	mkdir -p $(VENV)/etc/ipython
	printf '%s\n' '# Written by `make install`: TensorFlow C++ logs go to the terminal, not into cells.' \
	  'c.IPKernelApp.capture_fd_output = False' > $(VENV)/etc/ipython/ipython_kernel_config.py
	@# Build matplotlib's font cache now, so its one-time notice never lands in a notebook.
	MPLBACKEND=Agg $(BIN)/python -c "import matplotlib.pyplot"
	touch $(STAMP)

lab: install
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks $(ROOT_FLAG) $(LAB_ARGS)

test: install browser-deps
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile --nbval-lax --nbval-cell-timeout=300 \
	  tests solutions $(PYTEST_ARGS)

release: install
	@for id in $(ASSIGNMENTS); do \
	  echo "release $$id"; \
	  $(BIN)/nbgrader generate_assignment "$$id" --force --log-level=WARN || exit 1; \
	done

outputs: install
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=300 \
	  $(foreach id,$(ASSIGNMENTS),solutions/$(id)/$(id).ipynb)

# Debian's Chromium for tests/test_browser.py (Playwright drives it and never downloads a browser).
# apt-get needs root; without root and without chromium the browser tests skip and say so.
browser-deps:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	  else \
	    echo "browser-deps: chromium is missing; the browser tests will skip (run make browser-deps as root)"; \
	  fi; }

clean:
	rm -rf autograded feedback gradebook.db .pytest_cache

# Grading and the student bundle (see README, "Grading homework"):
#   make grade ASSIGNMENT=<id>   autograde every submitted/<student>/<id>/: progress, a table,
#                                grades/<id>.csv, feedback/; exit 1 if one could not be graded
#                                (GRADE_ARGS="--timeout 60 --memory-mb 4096 --student 's1*'")
#   make bundle                  dist/shapes-and-batches-student.zip, what a student needs
#                                (ASSIGNMENT=<id> for one lesson only)
ASSIGNMENT ?=
GRADE_ARGS ?=
BUNDLE_PYTHON := $(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON))

.PHONY: grade bundle

# Parallel grading (helpers/grade_parallel.py): WORKERS=N processes (default: all cores; passed
# only when given), SCHEDULER=tcp://host:port grades on a Dask cluster, DB_URL=<SQLAlchemy URL>.
SCHEDULER ?=
DB_URL ?=
GRADE_WORKERS = $(if $(filter command line environment override,$(origin WORKERS)),--workers $(WORKERS))

grade: install
	@test -n "$(ASSIGNMENT)" || { echo "usage: make grade ASSIGNMENT=<assignment id> [WORKERS=N] [SCHEDULER=tcp://host:port] [DB_URL=url] [GRADE_ARGS=...]" >&2; exit 2; }
	$(BIN)/python -m helpers.grade_parallel "$(ASSIGNMENT)" $(GRADE_WORKERS) \
	  $(if $(SCHEDULER),--scheduler "$(SCHEDULER)") $(if $(DB_URL),--db-url "$(DB_URL)") $(GRADE_ARGS)

bundle:
	$(BUNDLE_PYTHON) -m helpers.bundle $(ASSIGNMENT)
