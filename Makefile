# skillsynth — `make help` lists the targets.
PYTHON ?= python3.11
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(BIN):$(PATH)
export GX_ANALYTICS_ENABLED := false

.DEFAULT_GOAL := help
.PHONY: help setup run params test test-fast fuzz bench clean

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  /'

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

## setup: create .venv from the lock file (only when the lock file changed)
setup: $(STAMP)

## run: set up, then rebuild data, models and reports with `dvc repro` on the default config
run: setup
	dvc repro

## params: compose conf/ into params.yaml (after editing conf/ by hand)
params: setup
	skillsynth params

## test: set up, then run the whole test suite (end-to-end tests included)
test: setup
	$(BIN)/python -m pytest

## test-fast: the test suite without the end-to-end dvc runs
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
