# The one entry point. `make reports` and `make test` set up everything they need
# on a machine that has only python3 and make.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
UV := .tools/bin/uv
KERNEL := ki-analysis
STAMP := $(VENV)/.ki-synced
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON_PREFERENCE := only-system
# Compile bytecode at install time: every kernel and CLI start is then ~1 s faster.
export UV_COMPILE_BYTECODE := 1
# Matplotlib and Jupyter write caches; keep them inside the project.
export MPLCONFIGDIR := $(CURDIR)/.ki/mpl
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# Jupyter refuses root unless told; containers and CI run as root.
LAB_AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help env data reports test test-fast nbval lint lab notebooks eval bench bench-reports stress clean

help:
	@echo "make reports   set up, build data/processed, render reports/ (prints reports/index.html)"
	@echo "make test      set up, lint (ruff, mypy), check data/processed, run the tests (nbval among them)"
	@echo "make nbval     only the notebooks' regression check"
	@echo "make lab       JupyterLab with the project's kernel"
	@echo "make data      only build data/processed"
	@echo "make eval      extraction precision/recall on the labelled sets"
	@echo "make bench     start-up, build and extraction speed;  make bench-reports  report rendering speed"

$(UV):
	$(PY) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# The environment comes from pyproject.toml + uv.lock only (--locked fails if they disagree);
# the `pdf` extra (playwright) is for `ki report --pdf` and the browser tests.
$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --extra pdf --python "$$(command -v $(PY))"
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) \
		--display-name "Python (ki-analysis)" >/dev/null
	@touch $(STAMP)

env: $(STAMP)

data: env
	$(BIN)/ki build

reports: data
	$(BIN)/ki report --all --lang de,en
	@echo "Reports: $(CURDIR)/reports/index.html"

# The tests spread over the cores (pytest-xdist). nbval is one of them: tests/reliability/
# test_browser.py runs `make nbval`'s command in a copy of the project, with the network guard on,
# beside the other tests instead of after them.
test: lint
	$(BIN)/ki build --check
	$(BIN)/python -m pytest tests -n auto --dist loadgroup

# The notebooks in order, in one process, their outputs compared with the stored ones (strict).
nbval: env
	$(BIN)/python -m pytest --nbval --nbval-kernel-name $(KERNEL) \
		--nbval-sanitize-with notebooks/sanitize.cfg -p no:randomly notebooks

test-fast: env
	$(BIN)/python -m pytest tests -n auto --dist loadgroup -m "not slow"

# The house rules: ruff (lint and format: package, tests, benchmarks, notebooks, README examples) and mypy on the package.
lint: env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

lab: env
	$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_AS_ROOT)

# Re-execute the analysis notebooks in place (after a reviewed change to the data); no timing metadata.
notebooks: data
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.kernel_name=$(KERNEL) --ExecutePreprocessor.record_timing=False \
		notebooks/[0-9]*.ipynb

eval: env
	$(BIN)/python benchmarks/eval_extract.py --set all

bench: env
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_extract.py

bench-reports: env
	$(BIN)/python benchmarks/bench_reports.py

stress: env
	$(BIN)/python -m pytest tests -m stress

clean:
	rm -rf .ki reports/*.html reports/*.csv
