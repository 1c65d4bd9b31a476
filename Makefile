# skillsynth — `make help` lists the targets.
PYTHON ?= python3.11
# $(PYTHON) as found before .venv/bin leads PATH (below): it creates the venv, and its pip installs uv into it.
HOST_PYTHON := $(shell command -v $(PYTHON))
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(BIN):$(PATH)
export GX_ANALYTICS_ENABLED := false
# The venv is installed without byte-compiling its ~15,000 modules: each module compiles at its first import
# (a run imports under half of them) and is kept. A PYTHONDONTWRITEBYTECODE in the caller's environment
# would make every process compile them again, so the targets run without it.
unexport PYTHONDONTWRITEBYTECODE
BASE ?= HEAD
# What installs requirements.lock into .venv: uv (pinned in the lock; several times faster), or pip
# (`make setup INSTALLER=pip`, e.g. where only pip is configured for your package index). uv hard-links
# the packages from its cache (3-5 s faster than copying 1.1 GB) but copies vaderSentiment: nltk refuses
# to read a hard-linked file, and VADER's lexicon is read from that package's folder. The venv gets no pip of
# its own (ensurepip takes 3 s): $(PYTHON)'s pip installs uv into it; where that pip is missing or older than
# 22.3 (no --python), ensurepip runs after all. `.venv/bin/uv pip install ...` adds packages.
INSTALLER ?= uv
# A job summary (GitHub Actions' $$GITHUB_STEP_SUMMARY) when there is one, else the terminal.
SUMMARY = $${GITHUB_STEP_SUMMARY:-/dev/stdout}

.DEFAULT_GOAL := help
.PHONY: help setup lock run push pull gate-summary metrics-diff plots-report params lint test test-fast fuzz bench clean

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  /'

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) not found; set PYTHON to a Python 3.11, 3.12 or 3.13, e.g. make PYTHON=python3.12 ..."; exit 2; }
ifeq ($(INSTALLER),uv)
	$(HOST_PYTHON) -m venv --without-pip $(VENV)
	$(HOST_PYTHON) -m pip --python $(BIN)/python install --quiet "$$(grep -m1 '^uv==' requirements.lock)" 2>/dev/null \
		|| { $(BIN)/python -m ensurepip >/dev/null && $(BIN)/python -m pip install --quiet "$$(grep -m1 '^uv==' requirements.lock)"; }
	$(BIN)/uv pip install --quiet --link-mode hardlink --python $(BIN)/python -r requirements.lock -e . \
		&& $(BIN)/uv pip install --quiet --link-mode copy --python $(BIN)/python -r requirements.lock \
			--reinstall-package vadersentiment \
		|| { echo "make: uv could not install requirements.lock and the project (above); trying pip, from the index pip is configured to use"; \
			{ $(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip >/dev/null; } \
			&& $(BIN)/python -m pip install --quiet -r requirements.lock \
			&& $(BIN)/python -m pip install --quiet --no-deps -e .; }
else
	$(HOST_PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
endif
	@touch $(STAMP)

## setup: create .venv from the lock file (only when the lock file changed)
setup: $(STAMP)

## lock: re-resolve requirements.lock (every extra) for Python 3.11-3.13 on Linux, macOS and Windows
lock: setup
	$(BIN)/uv pip compile pyproject.toml --universal --fork-strategy fewest --all-extras --python-version 3.11 \
		--custom-compile-command "make lock" --quiet -o requirements.lock

## run: set up, then rebuild data, models and reports with `dvc repro` on the default config
run: setup
	dvc repro

## push: send the data, models and predictions that DVC caches to the DVC remote (default: ../skillsynth-dvc-remote)
push: setup
	dvc push

## pull: fetch them from the DVC remote instead of rebuilding (`dvc status` is then clean)
pull: setup
	dvc pull

## gate-summary: the quality gates' verdicts as Markdown, failed expectations as a table (exit 1 if a gate failed)
gate-summary: setup
	$(BIN)/python -m skillsynth.ci_summary gates

## metrics-diff: `dvc metrics diff` of the workspace against BASE (default HEAD; CI: the base branch) as Markdown
metrics-diff: setup
	@{ printf '## Metrics: workspace against %s\n\n' '$(BASE)'; dvc metrics diff '$(BASE)' --all --md; } >> "$(SUMMARY)"

## plots-report: `dvc plots diff` against BASE as HTML in reports/ci/plots, and the plots' numbers as Markdown
plots-report: setup
	mkdir -p reports/ci/plots
	dvc plots diff '$(BASE)' --out reports/ci/plots >/dev/null
	$(BIN)/python -m skillsynth.ci_summary plots

## params: compose conf/ into params.yaml (after editing conf/ by hand)
params: setup
	skillsynth params

## test: set up, then run the whole test suite (end-to-end tests included; `make lint`'s checks are tests/test_lint.py)
test: setup
	$(BIN)/python -m pytest

## lint: ruff's rules and format (pyproject.toml [tool.ruff]) over src/, tests/ and bench/, and mypy over the package
lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src/skillsynth

## test-fast: the test suite, lint included, without the end-to-end tests (real dvc runs, venvs, service and cluster processes)
test-fast: setup
	$(BIN)/python -m pytest -m "not e2e"

## fuzz: the property-based tests (hypothesis, schemathesis) with many more examples than `make test` runs
fuzz: setup
	$(BIN)/python -m pytest -m fuzz

## bench: time every stage at 1k, 10k and 100k samples, then `predict` and `serve` -> reports/bench.json and tables (~20 min; run on a quiet machine)
bench: run
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/bench_dask.py --rows 100000 --overhead-rows 1000
	$(BIN)/python bench/predict_throughput.py --rows 10000
	$(BIN)/python bench/serve_latency.py --requests 400 --concurrency 1 --batch 1 --workers 1
	$(BIN)/python bench/serve_latency.py --requests 400 --concurrency 4 --batch 1 --workers 1
	$(BIN)/python bench/serve_latency.py --requests 400 --concurrency 1 --batch 1 --workers 2
	$(BIN)/python bench/serve_latency.py --requests 400 --concurrency 4 --batch 1 --workers 2
	$(BIN)/python bench/serve_latency.py --requests 100 --concurrency 2 --batch 32

## clean: remove the virtual environment and pipeline outputs
clean:
	rm -rf $(VENV) data/raw data/interim data/processed reports models/*.json
