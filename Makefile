# The two commands: `make run` (set up everything, load the default dataset, start the explorer)
# and `make test` (set up everything, run the whole suite against a real Neo4j server).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# The explorer has no accounts yet: it listens on this machine only unless told otherwise
# (HOST=0.0.0.0 make run serves the network; see README "Serving the explorer to a network").
HOST ?= 127.0.0.1

.PHONY: setup system-deps venv neo4j run test lint server-start server-stop clean

setup: system-deps venv neo4j

system-deps:
	@bash scripts/install-system-deps.sh

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

# Resolve the Neo4j jars from Maven Central (once) and start the local server (idempotent).
neo4j: venv
	$(BIN)/kg server start

run: setup
	$(BIN)/kg schema apply
	$(BIN)/kg load-default
	$(BIN)/streamlit run app.py --server.headless true --server.address $(HOST) --server.port $(PORT) \
		--browser.gatherUsageStats false

# Two pytest workers by default, each with its own Neo4j server (tests/conftest.py); a test file
# stays on one worker, so its module fixtures load once. TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2

test: system-deps venv
	$(BIN)/python -m pytest -q $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile)

lint: venv
	$(BIN)/ruff check kg tests benchmarks
	$(BIN)/ruff format --check kg tests benchmarks

server-stop: venv
	$(BIN)/kg server stop

clean:
	-$(BIN)/kg server stop
	rm -rf $(VENV) .kg .neo4j-lib
