# Qujat — two commands: `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system python vendor run test bench lint preflight clean

install: system python vendor

system:
	@bash scripts/install-system.sh

python: $(VENV)/.installed

vendor:
	@bash scripts/vendor-js.sh

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	@touch $@

run: install
	$(VENV)/bin/qujat serve --host $(HOST) --port $(PORT)

test: install
	$(VENV)/bin/pytest -q -p no:cacheprovider

bench: install
	$(PY) bench/run.py

lint: python
	$(VENV)/bin/ruff check service validators tests bench
	$(VENV)/bin/mypy  # [tool.mypy] in pyproject.toml: service/ and validators/, zero errors

preflight: python
	$(VENV)/bin/qujat preflight

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
