# Shapes & Batches — the course's commands. Run `make help` for the list.
#
#   make lab       create .venv if needed, then open JupyterLab on the course
#   make test      create .venv if needed, then run every test
#   make release   regenerate notebooks/ (student notebooks) from solutions/
#   make outputs   re-execute solutions/ in place so their stored outputs are current

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

.PHONY: help install lab test release outputs clean

help:
	@sed -n '2,8p' Makefile

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

test: install
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

clean:
	rm -rf autograded feedback gradebook.db .pytest_cache
