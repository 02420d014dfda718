# Two commands do all the set-up: `make run` and `make test`.
# `install` is idempotent: it reinstalls only when pyproject.toml changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test check bench schema examples clean tmux chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,web]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/balorg $(ARGS)

# The smoke test drives the wizard in a real terminal under tmux: install it when
# missing and we may (root with apt-get), else the test is skipped with the reason.
tmux:
	@command -v tmux >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing tmux for the terminal smoke test"; \
	    apt-get install -y -qq tmux >/dev/null 2>&1 || \
	      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq tmux >/dev/null 2>&1; } || \
	      echo "tmux could not be installed: the terminal smoke test will be skipped"; \
	  else echo "tmux missing: the terminal smoke test will be skipped"; fi; }

# The browser test of `balorg serve` drives Debian's chromium and chromium-driver: installed as tmux
# is (root with apt-get, quiet, no update unless the first try fails), else that test is skipped.
chromium:
	@{ command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium and chromium-driver for the browser test of balorg serve"; \
	    apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || \
	      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; } || \
	      echo "chromium could not be installed: the browser test of balorg serve will be skipped"; \
	  else echo "chromium or chromedriver missing: the browser test of balorg serve will be skipped"; fi; }

# The whole test suite, then the habits that keep the code so: lint (ruff), types (mypy over
# wizard/, untyped definitions refused) and the import contracts (import-linter, pyproject.toml).
# Two test processes (pytest-xdist): the machines this runs on have two cores.
JOBS ?= 2

test: install tmux chromium
	TEXTUAL_ANIMATIONS=none $(BIN)/python -m pytest -n $(JOBS) $(PYTEST_ARGS)
	$(MAKE) --no-print-directory check

check: install
	$(BIN)/ruff check wizard tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: install
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

schema: install
	$(BIN)/python -m wizard.model.schema

examples: install
	$(BIN)/python -m wizard.model.examples examples

clean:
	rm -rf $(VENV) build dist *.egg-info
