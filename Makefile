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

# The install uses uv (from PATH, else put in the venv from PyPI: seconds, where pip takes minutes for
# spaCy, Dask and the dev tools); pip is the fallback when uv cannot be had or fails.
$(BIN)/legation: pyproject.toml
	$(PY) -m venv $(VENV)
	@uv=$$(command -v uv || { $(BIN)/pip install -q uv >/dev/null 2>&1 && echo $(BIN)/uv; }); \
	if [ -n "$$uv" ] && echo "uv pip install -e '.[dev]'" && "$$uv" pip install -q --python $(BIN)/python -e '.[dev]'; then :; \
	else echo "pip install -e '.[dev]'" && $(BIN)/pip install -q --upgrade pip && $(BIN)/pip install -q -e '.[dev]'; fi
	@touch $@

venv: $(BIN)/legation

## demo: ingest ../shared (seeds + corpus) when it is there, else the packaged public-domain sample,
## then serve the reading room (legation demo; cablemap's test fragments are left out: they are not records)
demo: venv
	@$(BIN)/legation demo --shared $(SHARED) --db $(DB) --host $(HOST) --port $(PORT)

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
