PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := demo/Forum.carnet

.PHONY: run test lint typecheck bench clean demo screenshots

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	test -d $(DEMO) || $(BIN)/carnet demo $(DEMO)
	$(BIN)/carnet gui $(DEMO)

test: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bench_import.py

clean:
	rm -rf $(VENV) demo build dist

# Screenshots for the README: the kit in Chromium, the desktop app rendered offscreen.
screenshots: $(STAMP)
	test -d $(DEMO) || $(BIN)/carnet demo $(DEMO)
	$(BIN)/carnet export $(DEMO) --event forum-humanisme-numerique-2016 build/kit --force
	$(BIN)/python -m carnet.kit.screenshots build/kit docs/screenshots
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m carnet.ui.screenshots $(DEMO) docs/screenshots
