# Two commands for a newcomer, on a fresh machine with Python 3.11+:
#   make demo   set up .venv (core + web view), ingest the example articles into eventwire.db,
#               print the events
#   make test   set up .venv (every extra the tests use, and the test tools), run ruff and
#               the test suite
# Both install the versions pinned in requirements/lock.txt (with uv, from PyPI: pip does
# the same, minutes slower: `pip install -c requirements/lock.txt -e ".[web]"`); `make lock`
# regenerates the lock.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
LOCK = requirements/lock.txt
# The extras the tests need (and so the lock covers): see pyproject.toml.
TEST_EXTRAS = test,web,dask,postgres,parquet,docs
LOCK_EXTRAS = $(subst $(comma), ,$(TEST_EXTRAS))
comma = ,
UV_VERSION = 0.13.9
# `make lock` keeps the pinned versions that still fit pyproject.toml; `make lock UPGRADE=1`
# moves every package to its newest compatible release.
UPGRADE ?=

.PHONY: demo test lint typecheck lock bench bench-ingest evaluate clean

INSTALL = $(BIN)/uv pip install --quiet --python $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)

# Core and the web view only: no test tools, no PostgreSQL driver, no Parquet.
$(VENV)/.demo-installed: pyproject.toml $(LOCK) | $(BIN)/uv
	$(INSTALL) -c $(LOCK) -e ".[web]"
	touch $@

$(VENV)/.test-installed: pyproject.toml $(LOCK) | $(BIN)/uv
	$(INSTALL) -c $(LOCK) -e ".[$(TEST_EXTRAS)]"
	touch $@

demo: $(VENV)/.demo-installed
	$(BIN)/eventwire ingest examples/ --db eventwire.db
	$(BIN)/eventwire events --db eventwire.db

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

test: lint
	$(BIN)/pytest -q

# The public API as a user's code sees it (py.typed): mypy --strict on a small client.
typecheck: $(VENV)/.test-installed
	MYPYPATH=src $(BIN)/mypy --strict tests/typed_client.py

lock: | $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml $(addprefix --extra ,$(LOCK_EXTRAS)) \
		--universal --python-version 3.11 $(if $(UPGRADE),--upgrade) \
		--custom-compile-command "make lock" -o $(LOCK)

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/throughput.py --fast

bench-ingest: $(VENV)/.test-installed
	$(BIN)/python benchmarks/ingest.py

evaluate: $(VENV)/.test-installed
	$(BIN)/eventwire evaluate training/corpus/test/t1.jsonl training/corpus/test/t2.jsonl
	$(BIN)/eventwire evaluate ../shared/data/plover_gsr_dev.jsonl

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache .mypy_cache
