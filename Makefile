# legation — the two set-up commands are `make demo` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DB ?= legation.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint typecheck unit venv clean

$(BIN)/legation: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

venv: $(BIN)/legation

## demo: ingest the sample corpus into the embedded SQLite store and show it
demo: venv
	$(BIN)/legation ingest $(SHARED)/samples/seeds $(SHARED)/corpus --db $(DB) || true
	$(BIN)/legation stats --db $(DB)
	$(BIN)/legation search '"northern territories"' --db $(DB) --limit 5

## test: lint, type-check and run the whole test suite
test: venv lint typecheck unit

lint:
	$(BIN)/ruff check src tests bench

typecheck:
	$(BIN)/mypy src/legation

unit:
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm $(DB).index
