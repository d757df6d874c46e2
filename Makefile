# The single entry point for people and CI. `make run` and `make test` set everything up on a fresh clone.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# This machine's pip config names an extra index folder that may be missing: drop pip's warning per package.
QUIET_PIP := { grep -v 'is ignored: it is neither a file nor a directory' || true; }

.PHONY: run test bench check lint types browser node clean mutate
NODE_TOOLS := node_modules/.installed

# torch is installed first and pinned: an open requirement would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q torch==2.13.0 2>&1 | $(QUIET_PIP)
	$(BIN)/pip install -q -e ".[dev]" 2>&1 | $(QUIET_PIP)
	touch $(STAMP)

# Browser tests use Debian's chromium (no browser downloads).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# The page's JavaScript unit tests run on Node's built-in runner: no npm install needed.
node:
	@command -v node >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null)

# Dev-only JS tools (type checker, linter/formatter), installed from the committed lock for `make check`.
$(NODE_TOOLS): package.json package-lock.json | node
	@command -v npm >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null)
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_TOOLS)

run: $(STAMP)
	$(BIN)/dropout-lab serve

test: $(STAMP) browser node
	node --test tests/js/
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

# Mutation testing, not part of `make test`: mutmut mutates the engine (pyproject's [tool.mutmut]) and runs
# the fast engine tests against each mutant; results are cached in mutants/ (a re-run redoes what changed).
# Prints the score and every survivor that docs/mutation.md does not explain; fails below 85% killed.
mutate: $(STAMP)
	$(BIN)/mutmut run --max-children 2
	$(BIN)/python tests/mutation_score.py

lint: $(STAMP) $(NODE_TOOLS)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	npx --no-install biome check

types: $(STAMP) $(NODE_TOOLS)
	$(BIN)/mypy src
	npx --no-install tsc -p tsconfig.json

check: lint types test

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
