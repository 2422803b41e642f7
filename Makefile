# One in a Million — the two quick-start commands are `make play` and `make test`.
PYTHON ?= python3
VENV := .venv
# Windows venvs keep their programs in Scripts\ (make there comes from Git for Windows,
# MSYS2 or Chocolatey; `make bundle` is the same command on every system)
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
else
BIN := $(VENV)/bin
endif
STAMP := $(VENV)/.installed

.PHONY: install play test lint format bench bundle bundle-test clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

play: install
	$(BIN)/python -m sim

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# A standalone one-folder app (no Python needed) for this machine: dist/one-in-a-million/
bundle: install
	$(BIN)/python -m pip install --quiet -e '.[test,bundle]'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/bundle packaging/one-in-a-million.spec
	cp packaging/linux/one-in-a-million-kiosk.service packaging/windows/install-kiosk-task.ps1 \
		packaging/README-app.txt dist/one-in-a-million/
	$(BIN)/python packaging/archive.py

bundle-test: bundle
	ONE_IN_A_MILLION_BUNDLE=dist/one-in-a-million SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy \
		$(BIN)/python -m pytest tests/test_bundle.py

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build dist *.egg-info
