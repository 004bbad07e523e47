# chainrule: every target says what it does. `make` alone lists them.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Notebooks to execute: all by default, or one with `make execute NB=notebooks/01_composition.py`.
NB ?= $(sort $(wildcard notebooks/[0-9]*.py))


.PHONY: help lab test execute lint bench clean

help: ## List the targets
	@echo "chainrule: the chain rule and backpropagation, as notebooks that check themselves"
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "chainrule needs Python 3.10 or newer; found " + sys.version.split()[0] + " (set PYTHON=python3.x)")'
	@echo "==> Creating $(VENV) and installing chainrule-helpers with its dev tools (first run only; torch is large)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

lab: $(STAMP) ## Open JupyterLab on notebooks/ (headless: open the URL it prints)
	@echo "==> Starting JupyterLab on notebooks/; stop it with Ctrl-C"
	$(BIN)/jupyter lab --no-browser --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

test: $(STAMP) ## Run every check: helpers, checkers, notebooks re-executed (nbval), pairing, comments, claims
	@echo "==> Running the helper tests, the checker tests and every notebook against its stored outputs and its text"
	$(BIN)/python -m pytest -n 2 --dist loadscope tests notebooks

execute: $(STAMP) ## Regenerate each .ipynb from its .py and execute it (one: NB=notebooks/01_composition.py)
	@echo "==> Regenerating and executing: $(NB)"
	$(BIN)/python -m chainrule_helpers.execute $(NB)

lint: $(STAMP) ## Run ruff over the package, the tests, the benchmarks and the notebooks' .py
	@echo "==> Linting with ruff"
	$(BIN)/ruff check chainrule_helpers tests benchmarks notebooks/*.py

bench: $(STAMP) ## Time the whole verification against simply running the notebooks, and print the ratio
	@echo "==> Timing the verification (make test) against running each notebook's .py with python"
	$(BIN)/python benchmarks/bench_verify.py

clean: ## Remove caches and build output (keeps .venv; delete it by hand to reinstall)
	@echo "==> Removing caches and build output"
	rm -rf build .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
