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

## demo: ingest the sample corpus into the embedded SQLite store and start the reading room
# (cablemap's test fragments are expected values, not records, so they are left out here)
demo: venv
	$(BIN)/legation ingest $(SHARED)/samples/seeds $(SHARED)/corpus --db $(DB) \
	  --ignore 'cablemap-tests/cables/data-clean/' --ignore 'cablemap-tests/cables/data-subject/out/' --ignore 'cablemap-tests/*.jsonl'
	$(BIN)/legation stats --db $(DB)
	$(BIN)/legation search '"northern territories"' --db $(DB) --limit 3
	@echo "Reading room: http://$(HOST):$(PORT)/   (JSON API: http://$(HOST):$(PORT)/api/search?q=brezhnev ; Ctrl-C stops)"
	$(BIN)/legation serve --db $(DB) --host $(HOST) --port $(PORT)

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
