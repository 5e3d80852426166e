# Targets CI calls, so CI runs what a developer runs. Everything lives in .venv.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint typecheck check docs bench clean

$(BIN)/doctor: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: $(BIN)/doctor          ## diagnose the built-in sandbox account
	$(BIN)/doctor demo

test: $(BIN)/doctor          ## the whole test suite
	$(BIN)/python -m pytest -q -p no:cacheprovider; status=$$?; [ $$status -eq 5 ] && exit 0 || exit $$status

lint: $(BIN)/doctor
	$(BIN)/ruff check src checks tests bench
	$(BIN)/ruff format --check src checks tests bench

typecheck: $(BIN)/doctor
	$(BIN)/mypy

check: lint typecheck test   ## what CI runs

docs: $(BIN)/doctor          ## regenerate the docs made from the code
	$(BIN)/python -m telnyx_doctor.docsgen docs

bench: $(BIN)/doctor         ## benchmarks against the sandbox (not part of the tests)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dist build
