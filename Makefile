# Switchboard — the two Quickstart commands are `make run` and `make test`.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?=

.PHONY: run test install install-dev migrate seed lint format bench clean

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

# Both databases: the dashboard's and the sandbox's.
migrate: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py migrate --noinput --database sandbox

seed: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py seed_demo

# The dashboard on http://127.0.0.1:$(PORT), the embedded sandbox as its upstream, demo data in.
run: seed
	@echo "Switchboard on http://127.0.0.1:$(PORT)/  (log in as demo / demo)"
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite, browser tests included (they need Debian's chromium at /usr/bin/chromium).
test: install-dev
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

clean:
	rm -rf $(VENV) .pytest_db .pytest_cache .ruff_cache staticfiles test-results
