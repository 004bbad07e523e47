# chainrule: every target says what it does. `make` alone lists them.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INSTRUCTOR := $(VENV)/.instructor
BOOKTOOLS := $(VENV)/.book
# The exact versions the committed outputs were recorded with (make lock writes them; see README).
LOCKS := requirements
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# uv installs the locks about five times faster than pip here (dev.txt into an empty venv: 20 s with
# uv, downloading everything; 97 s with pip, from wheels on disk). INSTALLER=pip uses pip alone.
INSTALLER ?= uv
UV_VERSION := 0.13.9
MUTMUT_VERSION := 3.8.1
ifeq ($(INSTALLER),uv)
INSTALL = $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python
ENSURE_UV = test -x $(BIN)/uv || $(PIP_INSTALL) uv==$(UV_VERSION)
else
ENSURE_UV = true
INSTALL = $(PIP_INSTALL)
endif
# nbval in strict mode (every output compared), with the current environment's kernel and the
# sanitizer that removes memory addresses: the notebooks tier of `make test`.
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# Notebooks to execute: all by default, or one with `make execute NB=notebooks/01_composition.py`.
NB ?= $(sort $(wildcard notebooks/[0-9]*.py assignments/[0-9]*.py))


.PHONY: help lab test test-portability test-reader execute lint bench clean release sandbox autograde export test-grading bench-grade book test-browser chromium \
	lock refresh test-latest test-oldest drift-and-tests mutation

help: ## List the targets
	@echo "chainrule: the chain rule and backpropagation, as notebooks that check themselves"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml nbtruth/pyproject.toml course/pyproject.toml $(LOCKS)/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "chainrule needs Python 3.10 or newer; found " + sys.version.split()[0] + " (set PYTHON=python3.x)")'
	@echo "==> Creating $(VENV) with the locked versions: the reader's helpers, the course tooling and nbtruth (first run only; torch is large)"
	$(PYTHON) -m venv $(VENV)
	@$(ENSURE_UV)
	$(INSTALL) -r $(LOCKS)/dev.txt
	$(INSTALL) --no-deps -e ./nbtruth -e ./course -e .
	@touch $(STAMP)

lab: $(STAMP) ## Open JupyterLab on notebooks/ (headless: open the URL it prints)
	@echo "==> Starting JupyterLab on notebooks/; stop it with Ctrl-C"
	$(BIN)/python -m chainrule_course lab $(LAB_ARGS)

test: $(STAMP) ## Run every check: helpers, checkers, notebooks re-executed (nbval), pairing, comments, claims
	@echo "==> Running the helper tests, the checker tests and every notebook against its stored outputs and its text"
	$(BIN)/python -m pytest $(NBVAL) -n auto --dist loadscope -m "not grading and not browser and not portability and not reader" \
	  tests nbtruth/tests notebooks

test-portability: $(STAMP) ## Every notebook re-executed as on other machines (MKL and ATen code paths, threads, locale): outputs must not move
	@echo "==> The portability check: planted machine-dependent prints must be caught, then every notebook under each stand-in machine"
	$(BIN)/python -m pytest -ra -m portability tests/test_portability.py
	$(BIN)/python -m chainrule_course portability $(NB)

test-reader: $(STAMP) ## Every notebook in a fresh environment holding only the helpers' dependencies, as on Colab
	@echo "==> A reader's plain Python: a fresh environment with the helpers and torch, numpy, matplotlib only"
	$(BIN)/python -m pytest -ra -m reader tests/test_reader_env.py

$(INSTRUCTOR): $(STAMP) $(LOCKS)/instructor.txt
	@echo "==> Adding the instructor tools (nbgrader) to $(VENV), at their locked versions"
	@$(ENSURE_UV)
	$(INSTALL) -r $(LOCKS)/instructor.txt
	@touch $(INSTRUCTOR)

release: $(INSTRUCTOR) ## Instructors: student versions of the assignments into build/release/
	@echo "==> Releasing the assignments through nbgrader into build/release/"
	$(BIN)/python -m chainrule_course release

sandbox: ## Instructors: install bubblewrap, the grading sandbox, if it is missing (Debian/Ubuntu, as root)
	@command -v bwrap >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "==> Installing bubblewrap (the grading sandbox) with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null; \
	  else echo "bubblewrap is missing: install it (apt-get install bubblewrap), or see README 'For instructors'"; exit 1; fi; }

autograde: $(INSTRUCTOR) ## Instructors: grade SUBMISSIONS=dir (dir/<student>/<assignment>/<nb>.ipynb) into build/grades.csv, report.html
	@test -n "$(SUBMISSIONS)" || { echo "usage: make autograde SUBMISSIONS=path/to/submissions [WORKERS=N] [NO_SANDBOX=1] [SHARD=K/N]"; exit 2; }
	@echo "==> Autograding $(SUBMISSIONS) in the sandbox into $(if $(SHARD),build/shards/ (shard $(SHARD)),build/): grades.csv, feedback/, report.html"
	$(BIN)/python -m chainrule_course autograde "$(SUBMISSIONS)" $(if $(WORKERS),--workers $(WORKERS)) $(if $(NO_SANDBOX),--no-sandbox) \
	  $(if $(SHARD),--shard $(SHARD))

export: $(STAMP) ## Instructors: LMS=canvas|moodle ROSTER=file: build/grades.csv as that LMS's grade import, in build/export/
	@test -n "$(LMS)" -a -n "$(ROSTER)" || { echo "usage: make export LMS=canvas|moodle ROSTER=gradebook-export.csv [MATCH=column] [QUESTIONS=1]"; exit 2; }
	@echo "==> Writing build/export/$(LMS)-grades.csv for $(LMS)'s grade import, matched through $(ROSTER)"
	$(BIN)/python -m chainrule_course export --lms "$(LMS)" --roster "$(ROSTER)" $(if $(MATCH),--match "$(MATCH)") \
	  $(if $(QUESTIONS),--questions)

test-grading: $(INSTRUCTOR) sandbox ## Instructors and CI: release and autograde honest, broken and hostile submissions, and the answer-variant corpus
	@echo "==> Testing the sandboxed grader with honest, broken and hostile submissions"
	@$(BIN)/python -c "import nbgrader" || { echo "nbgrader is missing: rm $(INSTRUCTOR) and rerun"; exit 1; }
	$(BIN)/python -m pytest -ra -m grading tests/test_grading.py tests/test_shard.py tests/test_answer_variants_graded.py

bench-grade: $(INSTRUCTOR) sandbox ## Instructors: submissions graded per minute, at 1 and at 2 workers, for N copies of each solution (N=8)
	@echo "==> Timing the sandboxed autograder on $(or $(N),8) copies of each solution"
	$(BIN)/python benchmarks/bench_grade.py $(or $(N),8)

$(BOOKTOOLS): $(STAMP) $(LOCKS)/book.txt
	@echo "==> Adding the book tools (Sphinx, MyST-NB, MathJax, Playwright) to $(VENV), at their locked versions"
	@$(ENSURE_UV)
	$(INSTALL) -r $(LOCKS)/book.txt
	@touch $(BOOKTOOLS)

chromium: ## Install Debian's chromium (and Node.js's npm, for axe-core) if missing, as root
	@missing="$$(command -v chromium >/dev/null || echo chromium) $$(command -v npm >/dev/null || echo npm)"; \
	if [ -n "$${missing// /}" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "==> Installing$$missing with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing:$$missing; install them (apt-get install$$missing) and rerun"; exit 1; fi; fi

book: $(BOOKTOOLS) chromium ## Build the chapter as a website and one PDF into build/book/ (offline, nothing executed)
	@echo "==> Building the book from the committed notebooks into build/book/ (open build/book/index.html)"
	$(BIN)/python -m chainrule_course book

test-browser: book ## The book page by page, and a student's run of section 1 in JupyterLab, in headless Chromium
	@echo "==> Testing the book and JupyterLab in headless Chromium; screenshots in build/screenshots/"
	cd tests/browser && npm ci --no-audit --no-fund --silent
	$(BIN)/python -m pytest -n 2 -ra -m browser tests/test_book_in_browser.py tests/test_lab_in_browser.py \
	  tests/test_report_in_browser.py

# A lock pins only what this machine's pip may install: its own constraints file, where it has one.
PIP_CONSTRAINTS = $(shell $(BIN)/python -m pip config list 2>/dev/null | sed -n "s/^global.constraint='\(.*\)'$$/\1/p")
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --upgrade --no-python-downloads --custom-compile-command "make lock" \
	$(if $(PIP_CONSTRAINTS),-c $(PIP_CONSTRAINTS)) pyproject.toml nbtruth/pyproject.toml course/pyproject.toml

lock: $(STAMP) ## Maintainers: resolve the newest versions the ranges allow into requirements/*.txt (then make refresh)
	@echo "==> Resolving the newest allowed versions into $(LOCKS)/ with uv"
	$(PIP_INSTALL) uv==$(UV_VERSION)
	$(UV_COMPILE) --python-version 3.10 --extra dev -o $(LOCKS)/dev.txt
	@# nbgrader and the book's Sphinx need Python 3.11, so the instructor and book locks start there.
	$(UV_COMPILE) --python-version 3.11 --extra dev --extra instructor -c $(LOCKS)/dev.txt -o $(LOCKS)/instructor.txt
	$(UV_COMPILE) --python-version 3.11 --extra dev --extra book -c $(LOCKS)/dev.txt -c $(LOCKS)/instructor.txt -o $(LOCKS)/book.txt
	@git diff --stat -- $(LOCKS) 2>/dev/null || true

refresh: $(STAMP) ## Maintainers: after make lock, re-execute every notebook with the locked versions and list what changed
	@echo "==> Re-executing every notebook in place with the locked versions; review the diff before committing"
	$(BIN)/python -m chainrule_course drift --refresh $(NB)

test-latest: ## Maintainers: in .venv-latest, the newest versions the ranges allow: which outputs change, then the tests
	@echo "==> Installing the newest allowed versions into .venv-latest (the locks are not used)"
	rm -rf .venv-latest && $(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --disable-pip-version-check --upgrade -e ./nbtruth -e . -e './course[dev]'
	@.venv-latest/bin/python -m pip list --format=freeze 2>/dev/null | grep -iE '^(torch|numpy|matplotlib|sympy|jupyterlab|nbval)==' || true
	$(MAKE) --no-print-directory drift-and-tests ENV=.venv-latest

test-oldest: $(STAMP) ## Maintainers: in .venv-oldest, the lowest versions pyproject.toml claims: which outputs change, then the tests
	@echo "==> Resolving the lowest allowed direct dependencies with uv, into .venv-oldest"
	$(PIP_INSTALL) uv==$(UV_VERSION)
	@mkdir -p build
	$(BIN)/uv pip compile --quiet --resolution lowest-direct --no-python-downloads --python-version 3.11 \
	  $(if $(PIP_CONSTRAINTS),-c $(PIP_CONSTRAINTS)) pyproject.toml nbtruth/pyproject.toml course/pyproject.toml --extra dev -o build/oldest.txt
	rm -rf .venv-oldest && $(PYTHON) -m venv .venv-oldest
	.venv-oldest/bin/python -m pip install --quiet --disable-pip-version-check -r build/oldest.txt
	.venv-oldest/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e ./nbtruth -e ./course -e .
	@.venv-oldest/bin/python -m pip list --format=freeze 2>/dev/null | grep -iE '^(torch|numpy|matplotlib|sympy|jupyterlab|nbval)==' || true
	$(MAKE) --no-print-directory drift-and-tests ENV=.venv-oldest

drift-and-tests:
	@echo "==> Which notebook outputs change in $(ENV) (a short diff per cell)"
	@status=0; $(ENV)/bin/python -m chainrule_course drift $(NB) || status=$$?; \
	echo "==> The helper and checker tests in $(ENV)"; \
	$(ENV)/bin/python -m pytest -q -n auto -m "not grading and not browser and not portability and not reader" tests nbtruth/tests \
	  || status=1; exit $$status

mutation: $(STAMP) ## Maintainers: mutation testing (mutmut) of the helpers, the checkers and the grader's pure parts: score per module, survivors
	@echo "==> Mutating the code and running the tests against each mutant (several minutes)"
	$(PIP_INSTALL) mutmut==$(MUTMUT_VERSION)
	$(BIN)/python benchmarks/bench_mutation.py

execute: $(STAMP) ## Regenerate each .ipynb from its .py and execute it (one: NB=notebooks/01_composition.py)
	@echo "==> Regenerating and executing: $(NB)"
	$(BIN)/python -m chainrule_course execute $(NB)

lint: $(STAMP) ## Run ruff over the packages, tests, benchmarks, and the notebooks' and assignments' .py (CI runs it first)
	@echo "==> Linting with ruff"
	$(BIN)/ruff check chainrule_helpers course nbtruth tests benchmarks notebooks/*.py assignments/*.py

bench: $(STAMP) ## Time the whole verification against simply running the notebooks, and print the ratio
	@echo "==> Timing the verification (make test) against running each notebook's .py with python"
	$(BIN)/python benchmarks/bench_verify.py

clean: ## Remove caches and build output (keeps .venv; delete it by hand to reinstall)
	@echo "==> Removing caches and build output"
	rm -rf build .pytest_cache .ruff_cache .hypothesis tests/browser/node_modules .venv-latest .venv-oldest mutants nbtruth/mutants
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
