# Monthwise. `make run` serves the site on the embedded default; `make test` runs everything.
SHELL := /bin/bash
.DEFAULT_GOAL := run
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

# Tests always use real PostgreSQL and Redis (override with DATABASE_URL / REDIS_URL).
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/monthwise)
TEST_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/0)
CHROMIUM_PATH ?= /usr/bin/chromium
export CHROMIUM_PATH

.PHONY: run install install-dev migrate test lint checks pytest worker beat dev bench clean

install:
	@scripts/bootstrap.sh requirements.txt

install-dev:
	@scripts/bootstrap.sh requirements-dev.txt

migrate: install
	$(MANAGE) migrate --noinput

## run: fresh clone -> .venv (Python 3.13) -> install -> migrate -> http://127.0.0.1:8000
run: migrate
	@echo "Monthwise is starting at http://127.0.0.1:8000 (SQLite, tasks in-process, offline AI)"
	$(MANAGE) runserver 127.0.0.1:8000

## test: lint, migrations check, schema check, pytest (PostgreSQL, Redis, Celery, Chromium)
test: install-dev
	@DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) scripts/ensure-services.sh
	@scripts/ensure-chromium.sh
	$(MAKE) --no-print-directory lint checks pytest

lint:
	$(VENV)/bin/ruff check .

checks:
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(MANAGE) makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(MANAGE) spectacular --validate --fail-on-warn --file /dev/null

pytest:
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest $(PYTEST_ARGS)

worker: install
	$(VENV)/bin/celery -A config worker --loglevel=info

beat: install
	$(VENV)/bin/celery -A config beat --loglevel=info

## dev: web + worker + beat together against PostgreSQL and Redis (Procfile, honcho)
dev: install
	@DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) scripts/ensure-services.sh
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(MANAGE) migrate --noinput
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/honcho start

bench: install-dev
	@DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) scripts/ensure-services.sh
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache test-artifacts

## fuzz: deeper schemathesis pass (all phases, logged in, FUZZ_SECONDS budget, default 300 s) on a scratch database
.PHONY: fuzz
FUZZ_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/monthwise_fuzz
FUZZ_REDIS_URL ?= redis://127.0.0.1:6379/15
FUZZ_SECONDS ?= 300
fuzz: install-dev
	@DATABASE_URL=$(FUZZ_DATABASE_URL) REDIS_URL=$(FUZZ_REDIS_URL) scripts/ensure-services.sh
	FUZZ_DATABASE_URL=$(FUZZ_DATABASE_URL) FUZZ_REDIS_URL=$(FUZZ_REDIS_URL) FUZZ_SECONDS=$(FUZZ_SECONDS) \
		timeout --kill-after=30 $$(( $(FUZZ_SECONDS) + 240 )) $(PY) tests/api/fuzz.py
