# Two entry points for a fresh clone with Python 3.11 and the package index (see README.md):
#   make demo   creates .venv, installs the locked dependencies, runs the monthly flow on the bundled samples
#   make test   creates .venv the same way and runs the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format samples clean clean-data

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/progress-warehouse run

test: lint
	$(BIN)/python -m pytest

# ruff lint + format check and mypy, configured in pyproject.toml (also .pre-commit-config.yaml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Reformat FILES (default: every file not excluded in [tool.ruff.format]).
format: $(STAMP)
	$(BIN)/ruff format $(FILES)

samples: $(STAMP)
	$(BIN)/python samples/generate.py samples

# Build and tool leftovers only: never the raw archive, the warehouse or the reports (see clean-data).
clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Deletes the data folder of the checkout: the warehouse, the raw archive of every fetched body, the published copy
# and the reports. Explicit on purpose; nothing else calls it.
clean-data:
	@echo "deleting data/: warehouse (data/warehouse.duckdb), raw archive (data/archive/), published copy, reports"
	rm -rf data
