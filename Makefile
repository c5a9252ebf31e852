# QA Engine: `make demo` (set up + run the bundled calls end to end), `make test` (set up + run the tests).
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench

$(VENV)/.installed: pyproject.toml scripts/setup.sh
	bash scripts/setup.sh
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(BIN)/qa-engine demo

test: setup
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: setup
	$(BIN)/ruff check .

bench: setup
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done
