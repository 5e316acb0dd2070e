PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := demo/Forum.carnet

.PHONY: run test lint typecheck bench clean demo screenshots icons readme wheel-test \
	bundle bundle-test

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	test -d $(DEMO) || $(BIN)/carnet demo $(DEMO)
	$(BIN)/carnet gui $(DEMO)

# The Qt tests run once, on a private Xvfb with openbox where they are installed (focus
# and shortcuts as on a Linux desktop), offscreen otherwise: tests/ui/display.py.
test: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check app tests bench packaging
	$(BIN)/ruff format --check app tests bench packaging

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bench_import.py

clean:
	rm -rf $(VENV) demo build dist

# Screenshots for the README: the kit in Chromium, the desktop app under Xvfb
# (`make screenshots SHOTS=/tmp/shots` writes them elsewhere, to compare first).
SHOTS ?= docs/screenshots
screenshots: $(STAMP)
	test -d $(DEMO) || $(BIN)/carnet demo $(DEMO)
	$(BIN)/carnet export $(DEMO) --event forum-humanisme-numerique-2016 build/kit --force
	$(BIN)/python packaging/kit_screenshots.py build/kit $(SHOTS)
	# three pages of the printed booklet: cover, programme, a drawing (apt-get install poppler-utils)
	$(BIN)/carnet booklet $(DEMO) --event forum-humanisme-numerique-2016 build/booklet.pdf
	for page in 1 3 6; do pdftoppm -r 60 -png -f $$page -l $$page -singlefile build/booklet.pdf \
		$(SHOTS)/booklet-page-$$page; done
	# the real window on a virtual 1366×768 screen (main-1366x768-fr.png opens as on a laptop):
	# apt-get install xvfb libxcb-icccm4 libxcb-keysyms1
	env -u QT_QPA_PLATFORM xvfb-run -a -s '-screen 0 1366x768x24' \
		$(BIN)/python packaging/ui_screenshots.py $(DEMO) $(SHOTS)

# ---------------------------------------------------------------- packaging (packaging/README.md)

# The PNG and ICO icons, drawn from resources/icons/carnet.svg.
icons: $(STAMP)
	$(BIN)/python packaging/render_icons.py

# The command line reference in README.md and README.fr.md, from `carnet --help`.
readme: $(STAMP)
	$(BIN)/python packaging/cli_reference.py

# Build the wheel, install it in a fresh venv, run demo, search, import, export and the GUI.
wheel-test: $(STAMP)
	$(BIN)/python packaging/wheel_test.py

$(VENV)/.bundle: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bundle]'
	touch $@

# The one-folder application: dist/carnet/carnet (Carnet.app on macOS).
bundle: $(VENV)/.bundle
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/carnet.spec

# Run the bundle offscreen: --version, demo, search, import, export, the window.
bundle-test: bundle
	$(BIN)/python packaging/smoke.py dist/carnet/carnet
