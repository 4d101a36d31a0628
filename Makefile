# Set-up and everyday jobs.  `make demo` and `make test` work on a fresh Debian
# machine with Python 3.11: they create .venv, install the project with its extras
# and Debian's graphviz (for `dot`) when it is missing.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp
OUT    ?= demo-output
SUDO    = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system-deps demo test test-all lint typecheck docs bench clean

setup: $(STAMP)

system-deps:
	@if ! command -v dot >/dev/null 2>&1; then \
		echo "installing Debian's graphviz (for dot)"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	fi

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,symbolic,plot,estimate]'
	@touch $(STAMP)

demo: setup
	@$(BIN)/python -m gametoolkit.cli.demo --out $(OUT)

test: setup
	$(BIN)/python -m pytest -q -m "not slow"

test-all: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check src tests models benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

docs: setup
	$(BIN)/mkdocs build --strict -d site

bench: setup
	$(BIN)/python benchmarks/build.py

clean:
	rm -rf $(VENV) site $(OUT) .pytest_cache .mypy_cache .ruff_cache build *.egg-info src/*.egg-info
