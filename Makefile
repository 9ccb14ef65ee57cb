# Two commands for a newcomer, on a fresh machine with Python 3.11+:
#   make demo   set up .venv, ingest the example articles into eventwire.db, print the events
#   make test   set up .venv, run ruff and the test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test lint bench bench-ingest evaluate clean

$(BIN)/eventwire: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,web,dask]"
	touch $@

demo: $(BIN)/eventwire
	$(BIN)/eventwire ingest examples/ --db eventwire.db
	$(BIN)/eventwire events --db eventwire.db

lint: $(BIN)/eventwire
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

test: lint
	$(BIN)/pytest -q

bench: $(BIN)/eventwire
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/throughput.py --fast

bench-ingest: $(BIN)/eventwire
	$(BIN)/python benchmarks/ingest.py

evaluate: $(BIN)/eventwire
	$(BIN)/eventwire evaluate training/corpus/test/t1.jsonl training/corpus/test/t2.jsonl
	$(BIN)/eventwire evaluate ../shared/data/plover_gsr_dev.jsonl

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache
