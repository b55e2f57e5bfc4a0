# onestop: `make demo` to see it, `make test` to check it. Each target says what it is for.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
PORT ?= 8000

help: ## list the targets
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# This machine's pip configuration names local mirror folders that may be empty; their
# warnings are noise, so they are filtered out (the exit status is kept).
PIP := set -o pipefail; $(BIN)/pip --disable-pip-version-check
QUIET_PIP := 2>&1 | { grep -v '^WARNING: Location' || true; }

$(VENV)/.installed-dev: requirements/dev.txt pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/dev.txt $(QUIET_PIP)
	$(PIP) install --quiet --no-deps -e . $(QUIET_PIP)
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Letters: WeasyPrint draws PDFs with Pango and HarfBuzz in Debian's fonts; gettext's msgfmt
# compiles the Welsh translations (locale/*/LC_MESSAGES/django.po) to the .mo files Django reads.
LETTER_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation gettext
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

letter-libs: ## install Pango, fonts and gettext from Debian for PDF letters (only those missing)
	@if ! dpkg -s $(LETTER_PACKAGES) >/dev/null 2>&1; then \
	  echo "Installing Pango, fonts and gettext from Debian for letters"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(LETTER_PACKAGES) >/dev/null; \
	fi

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | letter-libs
	msgfmt --check -o $@ $<

install: letter-libs $(VENV)/.installed-dev node_modules/.package-lock.json $(MO_FILES) ## install Python packages (hashed lock), npm assets, letter libraries and translations

chromium: ## install Chromium from Debian for the browser tests (never a browser download)
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Chromium from Debian"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	fi

lint: install ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy onestop config

format: install ## rewrite code to the house format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install chromium lint ## lint, then the whole test suite (PostgreSQL when DATABASE_URL is set, else SQLite)
	$(BIN)/pytest $(PYTEST_ARGS)

$(VENV)/.installed-bench: requirements/bench.txt $(VENV)/.installed-dev
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/bench.txt $(QUIET_PIP)
	touch $@

bench: $(VENV)/.installed-bench ## benchmarks, OpenFisca side by side (ONLY=policy for one group); see docs/performance.md
	$(BIN)/python -m benchmarks.run $(ONLY)

demo: install ## set up, migrate, seed two demo councils, and serve on http://localhost:$(PORT)
	$(BIN)/onestop demo --port $(PORT)

serve: install ## serve web and task worker on http://localhost:$(PORT) (no seeding)
	$(BIN)/onestop serve --port $(PORT)

messages: install letter-libs ## gather every public phrase into locale/django.pot and merge it into the Welsh catalogue
	$(BIN)/python -m onestop.core.translations > locale/django.pot
	msgmerge --quiet --update --no-fuzzy-matching --backup=none locale/cy/LC_MESSAGES/django.po locale/django.pot

lock: ## recompile the hashed Python locks from pyproject.toml (needs network to PyPI)
	$(BIN)/pip install --quiet uv
	$(UV) pip compile pyproject.toml --python-version 3.11 --generate-hashes --no-header --quiet -o requirements/lock.txt
	$(UV) pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes --no-header --quiet -o requirements/dev.txt
	$(UV) pip compile pyproject.toml --extra dev --extra bench --python-version 3.11 --generate-hashes --no-header --quiet -o requirements/bench.txt

clean: ## remove the virtual environment, npm packages and local data
	rm -rf $(VENV) node_modules var staticfiles $(MO_FILES)

.PHONY: help install letter-libs chromium lint format test bench demo serve lock clean messages
