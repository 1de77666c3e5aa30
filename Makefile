# Two commands set everything up on a fresh machine (see README.md):
#   make site   — builds site/ from catalogue/
#   make test   — installs test dependencies (Debian chromium, fonts, node) and runs every check
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BENCH_SIZES ?= 1000,10000,60000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test lint format validate bench clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }
	npm ci --silent --no-audit --no-fund
	touch $@

.PHONY: .system-deps
.system-deps:
	@command -v chromium >/dev/null && fc-list :lang=ja | grep -qi noto || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; }

site: $(VENV)/.installed
	$(BIN)/pia build

validate: $(VENV)/.installed
	$(BIN)/pia validate $(VALIDATE_ARGS)

test: $(VENV)/.test-installed node_modules/.installed .system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pia validate
	$(BIN)/pytest

format: $(VENV)/.test-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.test-installed node_modules/.installed .system-deps
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python -m benchmarks.national --sizes $(BENCH_SIZES)

clean:
	rm -rf site content .pia-cache
