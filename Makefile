# Shapes & Batches — the course's commands. `make help` lists them.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSIGNMENTS := $(sort $(notdir $(wildcard solutions/[0-9][0-9]_*)))
# pytest-xdist processes for `make test` / `make check` (2 cores here; TEST_WORKERS=1: serial)
TEST_WORKERS ?= 2
PYTEST_ARGS ?=
LAB_ARGS ?=
# JupyterLab refuses to run as root without --allow-root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help install lab test check release outputs clean browser-deps sandbox-deps collect grade export bundle site

help: ## list the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 22

install: $(STAMP) ## create .venv and install the course, its grading, test and site tools

# One install per change of pyproject.toml: a second `make lab` or `make test` does not reinstall.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[grade,test,site]'
	@# TensorFlow's C++ log lines out of notebook outputs, and no "Jupyter news" pop-up on first
	@# start, for every kernel and Lab started from .venv (binder/postBuild writes the same).
	$(BIN)/python student/lab_settings.py --instructor
	@# Build matplotlib's font cache now, so its one-time notice never lands in a notebook.
	MPLBACKEND=Agg $(BIN)/python -c "import matplotlib.pyplot"
	touch $(STAMP)

lab: install ## create .venv if needed, then open JupyterLab on the course
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks $(ROOT_FLAG) $(LAB_ARGS)

test: install browser-deps sandbox-deps ## ruff, then every test: units, lessons run and graded, browser, whole classes (CI)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --nbval-lax --nbval-cell-timeout=300 \
	  tests solutions $(PYTEST_ARGS)

check: install ## the fast tier: ruff (lint, format), then every test that runs no notebook or server
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not slow and not browser" tests $(PYTEST_ARGS)

release: install ## regenerate notebooks/ (student notebooks) from solutions/
	@for id in $(ASSIGNMENTS); do \
	  echo "release $$id"; \
	  PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/nbgrader generate_assignment "$$id" --force --log-level=WARN || exit 1; \
	done

outputs: install ## re-execute solutions/ in place so their stored outputs are current
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=300 \
	  $(foreach id,$(ASSIGNMENTS),solutions/$(id)/$(id).ipynb)

# Debian's Chromium for the browser tests (Playwright drives it and never downloads a browser).
# apt-get needs root; without root and without chromium the browser tests skip and say so.
browser-deps: ## install Debian's Chromium for the browser tests (as root)
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	  else \
	    echo "browser-deps: chromium is missing; the browser tests will skip (run make browser-deps as root)"; \
	  fi; }

# Debian's bubblewrap: the sandbox of every grading kernel (grader/sandbox.py).
sandbox-deps: ## install Debian's bubblewrap, the grading sandbox (as root)
	@command -v bwrap >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y bubblewrap; \
	  else \
	    echo "sandbox-deps: bubblewrap is missing: as root, apt-get install bubblewrap (make grade stops without it)"; \
	  fi; }

# The course as a static site: solution notebooks with stored outputs, answers replaced by the
# release's stubs, hidden tests dropped (grader/publish.py), then Sphinx + MyST-NB (no execution).
site: install ## build/site/: the course as a static HTML site (open build/site/index.html)
	$(BIN)/python -m grader.publish --output build/site-src
	$(BIN)/sphinx-build -q -b html build/site-src build/site

clean: ## remove grading output and test caches
	rm -rf autograded feedback gradebook.db .pytest_cache

# Grading (docs/grading.md). WORKERS=N grading processes (default: every core; passed
# only when given), SCHEDULER=tcp://host:port grades on a Dask cluster, DB_URL=<SQLAlchemy URL>,
# GRADE_ARGS="--timeout 60 --memory-mb 4096 --student 's1*'".
ASSIGNMENT ?=
GRADE_ARGS ?=
SCHEDULER ?=
DB_URL ?=
GRADE_WORKERS = $(if $(filter command line environment override,$(origin WORKERS)),--workers $(WORKERS))
BUNDLE_PYTHON := $(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON))

grade: install sandbox-deps ## ASSIGNMENT=<id>: autograde every submission; table, grades/<id>.csv, feedback/
	@test -n "$(ASSIGNMENT)" || { echo "usage: make grade ASSIGNMENT=<assignment id> [WORKERS=N] [SCHEDULER=tcp://host:port] [DB_URL=url] [GRADE_ARGS=...]" >&2; exit 2; }
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m grader grade "$(ASSIGNMENT)" $(GRADE_WORKERS) \
	  $(if $(SCHEDULER),--scheduler "$(SCHEDULER)") $(if $(DB_URL),--db-url "$(DB_URL)") $(GRADE_ARGS)

# From the LMS and back (docs/lms.md): ZIP=<bulk download>, ROSTER=<roster.csv>,
# TIMES=<Moodle grading worksheet or lms_id,submitted_at CSV>, LMS=canvas|moodle.
ZIP ?=
ROSTER ?=
TIMES ?=
LMS ?=

collect: install ## ASSIGNMENT=<id> ZIP=<download.zip> ROSTER=<roster.csv>: an LMS download -> submitted/
	@test -n "$(ASSIGNMENT)" -a -n "$(ZIP)" -a -n "$(ROSTER)" || { echo "usage: make collect ASSIGNMENT=<id> ZIP=<download.zip> ROSTER=<roster.csv> [TIMES=<times.csv>]" >&2; exit 2; }
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m grader collect "$(ASSIGNMENT)" --zip "$(ZIP)" --roster "$(ROSTER)" \
	  $(if $(TIMES),--times "$(TIMES)")

export: install ## LMS=canvas|moodle ROSTER=<roster.csv> [ASSIGNMENT=<id>]: grades for the LMS, feedback zips
	@test -n "$(LMS)" -a -n "$(ROSTER)" || { echo "usage: make export LMS=canvas|moodle ROSTER=<roster.csv> [ASSIGNMENT=<id>]" >&2; exit 2; }
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m grader export $(ASSIGNMENT) --lms "$(LMS)" --roster "$(ROSTER)"

bundle: ## dist/shapes-and-batches-student.zip, what a student needs (ASSIGNMENT=<id>: one lesson)
	$(BUNDLE_PYTHON) -m grader bundle $(ASSIGNMENT)

# The course on JupyterHub for a class (docs/hub.md). As root: `make hub` creates a Unix user for
# every person in hub/class_list.csv, the instructors' course folders, nbgrader's exchange and
# the proxy, all in hub/state/ (git-ignored), then starts the hub; a second `make hub` only adds
# what is missing. HUB_STATE=<folder> HUB_CLASS=<csv> HUB_IP=<address> HUB_PORT=<port>.
HUB_STAMP := $(VENV)/.hub-installed
HUB_VARS = $(foreach v,HUB_STATE HUB_CLASS HUB_IP HUB_PORT,$(if $($(v)),$(v)="$($(v))"))

.PHONY: hub hub-stop hub-deps

$(HUB_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[hub]'
	touch $(HUB_STAMP)

# JupyterHub (the `hub` extra) and its proxy, configurable-http-proxy from npm, in hub/state/proxy;
# the class's own venv (hub/state/venv: the course and JupyterHub for a Python every user can run).
# Only as root: a hub needs root (it creates Unix users), and the hub test skips without it.
hub-deps: $(HUB_STAMP) ## as root: JupyterHub, its proxy (npm) and the class's venv, in hub/state/
	@if [ "$$(id -u)" = 0 ]; then \
	  command -v npm >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm; } \
	    && $(BIN)/python hub/hubctl.py deps; \
	else \
	  echo "hub-deps: not root: no hub here (the hub test will skip; make hub needs root)"; \
	fi

hub: hub-deps sandbox-deps ## as root: start JupyterHub for the class in hub/class_list.csv (docs/hub.md)
	$(HUB_VARS) $(BIN)/python hub/hubctl.py up

hub-stop: ## stop the hub started by `make hub` (and every user's server)
	$(HUB_VARS) $(BIN)/python hub/hubctl.py down

# `make test` runs the hub's end-to-end test (tests/system/test_hub.py): it needs the hub's tools.
test: hub-deps
