# Two commands for a fresh machine with only Python 3.11: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test bench templates clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(STAMP)

demo: $(STAMP)
	$(BIN)/python scripts/demo.py

test: $(TEST_STAMP)
	$(BIN)/ruff check -q cchc_sheets tests scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 2

bench: $(TEST_STAMP)
	$(BIN)/python scripts/bench.py

templates: $(STAMP)
	$(BIN)/python scripts/make_templates.py

clean:
	rm -rf $(VENV) out build *.egg-info
