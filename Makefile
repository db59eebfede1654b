# vamarket — `make run` serves the product, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := run

ROOT       := $(abspath .)
VENV       := $(ROOT)/.venv
PY         := $(VENV)/bin/python
TOOLS      := $(ROOT)/.tools
BUN_DIR    := $(TOOLS)/node_modules/.bin
BUN_VERSION := 1.4.4
PORT       ?= 3000

# A Python 3.12+ interpreter: $(PYTHON) if given, else the first of these that answers.
PYTHON ?= $(shell for c in python3.12 python3.13 python3; do \
	  for p in "$$c" "PYENV_VERSION=3.12.1 $$c" "PYENV_VERSION=3.13.0 $$c"; do \
	    if env $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	      echo "env $$p"; exit 0; fi; done; done)

export PATH := $(BUN_DIR):$(VENV)/bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := 0
export REFLEX_HTTP_CLIENT_BIND_ADDRESS := 0.0.0.0
export NPM_CONFIG_REGISTRY ?= $(shell npm config get registry 2>/dev/null || echo https://registry.npmjs.org/)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run dev test test-fast lint migrate seed setup clean help bench-search bench-filter reconcile bench-webhooks sweep

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 or newer is required (set PYTHON=/path/to/python3.12)"; exit 1; fi
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

$(BUN_DIR)/bun:
	npm install --silent --no-audit --no-fund --prefix $(TOOLS) bun@$(BUN_VERSION)

setup: $(VENV)/.installed $(BUN_DIR)/bun ## Install Python packages and bun (done by run/test on first use)

migrate: setup ## Apply database migrations (DATABASE_URL or the SQLite default)
	$(PY) -m vamarket.cli migrate

seed: migrate ## Load the demo data (safe to repeat)
	$(PY) -m vamarket.cli seed

run: seed ## Serve the full product on http://localhost:$(PORT) (production build)
	$(PY) -m vamarket.cli serve --port $(PORT)

dev: seed ## Hot-reload mode: pages on :3000, backend and /auth on :8000
	$(PY) -m vamarket.cli serve --dev

test: setup ## The whole suite: unit, sign-in, PostgreSQL and browser tests
	$(PY) -m pytest -q

test-fast: setup ## Everything but the browser tests
	$(PY) -m pytest -q -m "not browser"

reconcile: setup ## Compare the ledger with Stripe (or the local server `make run` started); non-zero when off
	@$(PY) -m vamarket.payments.cli_reconcile

bench-search: setup ## Job search benchmark (SQLite, or PostgreSQL via DATABASE_URL)
	@$(PY) -m bench.search

sweep: setup ## Run the background sweep once (auto-approvals, expiries, reminders, emails)
	@$(PY) -m vamarket.cli sweep

bench-webhooks: setup ## Signed events posted to the webhook endpoint (SQLite, or PostgreSQL via DATABASE_URL)
	@$(PY) -m bench.webhooks

bench-filter: setup ## Browser: filter change to updated results on a running app (BASE_URL)
	@$(PY) bench/filter_latency.py $(or $(BASE_URL),http://localhost:$(PORT)) 50

lint: setup ## ruff, and mypy on the Stripe adapter against stripe-python's own parameter types
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy --ignore-missing-imports --follow-imports=silent vamarket/payments/gateway.py

clean: ## Remove the build output and local database (keeps .venv and .tools)
	rm -rf .web vamarket.db vamarket.db-wal vamarket.db-shm
