# Two commands do all the set-up: `make run` and `make test`.
# `install` is idempotent: it reinstalls only when pyproject.toml changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test bench schema examples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/balorg $(ARGS)

test: install
	TEXTUAL_ANIMATIONS=none $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

schema: install
	$(BIN)/balorg schema > schema/bal-org-request.v1.schema.json

examples: install
	$(BIN)/python -m wizard.model.examples examples

clean:
	rm -rf $(VENV) build dist *.egg-info
