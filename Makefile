# Switchboard — the two Quickstart commands are `make run` and `make test`.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?=

.PHONY: run test chromium install install-dev migrate seed lint format bench bench-checkup clean

$(PY):
	@python=$$(scripts/find-python) || exit 1; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)
	@$(PIP) install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

install: $(VENV)/.runtime-installed
install-dev: $(VENV)/.dev-installed

# A development .env (debug on, a generated secret key and encryption key), written once:
# an existing .env is never touched. Every manage.py command then reads it.
.env: | $(PY)
	$(PY) -m dashboard.dev_env .env

# Both databases: the dashboard's and the sandbox's.
migrate: install .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py migrate --noinput --database sandbox

seed: migrate
	$(PY) manage.py seed_demo

# The dashboard on http://127.0.0.1:$(PORT), the embedded sandbox as its upstream, demo data in.
run: seed
	@echo "Switchboard on http://127.0.0.1:$(PORT)/  (log in as demo / demo)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's chromium for the browser tests: installed when root, else the command to run.
chromium:
	@scripts/ensure-chromium

# The whole suite, browser tests included. Chromium is checked first, so that a machine
# without it stops at once with the one command to run.
test: chromium install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Every page at 100 and 1,000 agents and numbers, upstream at 0 and 100 ms; exits 1 if a
# target of issue 11 fails. BENCH_ARGS=--quick for a shorter run (see bench/README.md).
BENCH_ARGS ?=
bench: install
	$(PY) -m bench.pages $(BENCH_ARGS)

# The checkup of a team of 1,000 agents and 1,000 numbers (bench/checkup.py); exits 1 if
# its median is not under 200 ms.
bench-checkup: install
	$(PY) -m bench.checkup $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_db .pytest_cache .ruff_cache .hypothesis staticfiles test-results
