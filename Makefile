# Targets CI calls, so CI runs what a developer runs. Everything lives in .venv.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint typecheck check docs docs-site bench wheel-check clean

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
	$(BIN)/ruff check src checks tests $(wildcard bench)
	$(BIN)/ruff format --check src checks tests $(wildcard bench)
	$(BIN)/lint-imports

typecheck: $(BIN)/doctor
	$(BIN)/mypy

check: lint typecheck test docs-site wheel-check   ## what CI runs

wheel-check: $(BIN)/doctor   ## a built wheel in a clean venv finds the built-in checks
	rm -rf build/wheel-check && mkdir -p build/wheel-check
	$(BIN)/python -m pip wheel --quiet --no-deps -w build/wheel-check .
	$(PYTHON) -m venv build/wheel-check/venv
	build/wheel-check/venv/bin/python -m pip install --quiet build/wheel-check/*.whl
	build/wheel-check/venv/bin/doctor --list-checks | grep -q '^webhook.reachable .*builtin$$'
	build/wheel-check/venv/bin/python -m telnyx_doctor --version
	@echo "wheel-check: the installed wheel lists its built-in checks"

docs: $(BIN)/doctor          ## regenerate the docs made from the code
	$(BIN)/python -m telnyx_doctor.docsgen docs

docs-site: $(BIN)/doctor     ## build the docs site (mkdocs-material); any warning fails it
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir build/site

bench: $(BIN)/doctor         ## benchmarks against the sandbox (not part of the tests)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache dist build
