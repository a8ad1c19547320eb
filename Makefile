# Charter portal: set-up, run, test, lint.
#
#   make run      set everything up (uv, Python deps, front-end build, migrate,
#                 bootstrap) and serve on http://127.0.0.1:$(PORT)/ (PORT=8000), with the
#                 background tasks' scheduler (and worker, on PostgreSQL) alongside
#   make test     set up, then scripts/test (pytest, TEST_WORKERS=auto processes in parallel;
#                 on PostgreSQL when the server binaries are installed). Extra pytest args:
#                 make test ARGS="-k foo"; one process: make test TEST_WORKERS=0
#   make lint     ruff check + ruff format --check + the floors (lint-imports)
#   make format   ruff: fix what it can, then format
#   make ci       lint, missing-migrations check, tests on PostgreSQL (with the integrity
#                 check; what .ci/run runs)
#   make clean    remove build output, caches, node_modules and .venv (keeps db.sqlite3)

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export UV_PYTHON_DOWNLOADS := never
# Where `python3 -m pip install uv` puts uv when it is not on PATH yet.
PY_SCRIPTS := $(shell python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null)
export PATH := $(PATH):$(PY_SCRIPTS):$(HOME)/.local/bin

PORT ?= 8000
ARGS ?=
# pytest-xdist processes for `make test` and `make ci`: one per core ("auto"); 0 runs the tests
# in one process.
TEST_WORKERS ?= auto
STAMP_DIR := .make
ASSETS_STAMP := $(STAMP_DIR)/assets.stamp
ASSET_SOURCES := package.json package-lock.json $(shell find assets -type f 2>/dev/null)

.PHONY: help run test setup lint format ci clean uv python assets migrations-check messages \
	integrity-check

help:
	@sed -n '2,14p' $(firstword $(MAKEFILE_LIST)) | sed 's/^# \{0,1\}//'

## Set-up -------------------------------------------------------------------

uv:
	@command -v uv >/dev/null 2>&1 || { echo "uv not found: installing it with pip"; \
	  python3 -m pip install --quiet uv || python3 -m pip install --quiet --user --break-system-packages uv; }

# --compile-bytecode: every process the tests start (pytest's workers, manage.py, gunicorn)
# then reads the packages' compiled .pyc instead of compiling them again, which matters most
# where PYTHONDONTWRITEBYTECODE is set (about 13 s of CPU per pytest process otherwise). Once
# compiled, a second sync checks them in under a second.
python: uv
	@if [ -f uv.lock ]; then uv sync --frozen --compile-bytecode; else uv sync --compile-bytecode; fi

# npm ci + build only when package*.json or assets/ changed since the last
# build (or the build output is gone), so a second `make run` starts at once.
assets:
	@if [ ! -f static/build/portal.css ] || [ ! -d node_modules/govuk-frontend ]; then rm -f $(ASSETS_STAMP); fi
	@$(MAKE) --no-print-directory $(ASSETS_STAMP)

$(ASSETS_STAMP): $(ASSET_SOURCES)
	npm ci --no-audit --no-fund
	npm run build
	@mkdir -p $(STAMP_DIR) && touch $@

setup: python assets

## Run ----------------------------------------------------------------------

# Background tasks beside the web server: the scheduler (run_schedules) always, and a worker
# (db_worker) when DATABASE_URL is PostgreSQL; on SQLite tasks run at once (README, "Background
# tasks"). All three stop together.
run: setup
	DJANGO_DEBUG=1 uv run python manage.py migrate --noinput
	PORT=$(PORT) DJANGO_DEBUG=1 uv run python manage.py bootstrap
	@trap 'kill $$(jobs -p) 2>/dev/null || true' EXIT; \
	PORT=$(PORT) DJANGO_DEBUG=1 uv run python manage.py run_schedules & \
	if [[ "$${DATABASE_URL:-}" == postgres* ]]; then \
	  PORT=$(PORT) DJANGO_DEBUG=1 uv run python manage.py db_worker --no-reload --queue-name='*' & \
	fi; \
	PORT=$(PORT) DJANGO_DEBUG=1 uv run python manage.py runserver 127.0.0.1:$(PORT)

## Checks -------------------------------------------------------------------

test: setup
	scripts/test -n $(TEST_WORKERS) $(ARGS)

messages: python  ## compile locale/*.po into the committed .mo files (needs GNU gettext)
	DJANGO_DEBUG=1 uv run python manage.py compilemessages --locale en_GB

lint: python
	uv run ruff check .
	uv run ruff format --check .
	uv run lint-imports

format: python
	uv run ruff check --fix .
	uv run ruff format .

migrations-check: python
	DJANGO_DEBUG=1 uv run python manage.py makemigrations --check --dry-run

# Derived values (signatory status, latest-report markers, counters) against their records,
# on a fresh database with the benchmark's small data set: scripts/check-integrity. CI runs the
# same check inside the test suite (tests/councils/test_check_integrity.py), on the database the
# tests have already migrated, so it is not a step of `make ci`.
integrity-check: python
	scripts/check-integrity

ci: setup lint migrations-check
	REQUIRE_POSTGRES=1 scripts/test -n $(TEST_WORKERS) $(ARGS)

clean:
	rm -rf $(STAMP_DIR) static/build node_modules .venv .pytest_cache .ruff_cache test-results
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

## Benchmark --------------------------------------------------------
# `make bench`: the performance benchmark (bench/README.md): its own PostgreSQL, data set,
# gunicorn and wrk; takes about 7-10 minutes. Not a test: never part of `make test` or `make ci`.
.PHONY: bench
bench: setup
	bench/run
