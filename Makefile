# Set-up and everyday jobs.  `make demo`, `make test` and `make docs` work on a fresh
# Debian machine with Python 3.11: they create .venv, install what each needs (once:
# a stamp file per set of extras) and Debian's graphviz (for `dot`) when it is missing.
#
#   make demo      the runtime and the extras the demo uses (symbolic, plot); no test,
#                  lint or docs tools
#   make test      adds the test and lint tools (the `dev` extra), `estimate` and
#                  `distributed` (joblib and Dask, for the executor tests)
#   make docs      adds the docs tools (the `docs` extra)
#   make test-gambit16   the pygambit tests again, in .venv-gambit16 with pygambit 16.7
#                  (built from source: a C++ compiler and about 9 minutes)
#   make smoke-py  install and a smoke subset on each Python 3.12 / 3.13 found
#   make test-latex  Debian's pdflatex with TikZ (texlive-latex-base, -recommended,
#                  -pictures) when it is missing, then the tests that compile figures

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
OUT    ?= demo-output
SUDO    = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# one stamp per set of extras, so each target installs what it needs once
VENV_STAMP    = $(VENV)/.stamp-venv
RUNTIME_STAMP = $(VENV)/.stamp-runtime
DEV_STAMP     = $(VENV)/.stamp-dev
DOCS_STAMP    = $(VENV)/.stamp-docs

# the second pygambit: the version pip does not pick (see pyproject.toml)
VENV16  ?= .venv-gambit16
GAMBIT16 ?= pygambit==16.7.*
GAMBIT_TESTS = tests/test_pygambit_io.py tests/test_crosscheck.py tests/test_random_crosscheck.py
# and, in these files, the comparisons with Gambit (some written against pygambit 16's objects)
GAMBIT_MORE  = tests/test_nash.py tests/test_nash_seqform.py tests/test_nash_support.py tests/test_strategic.py \
               tests/test_efg.py tests/test_qre.py tests/test_refine_quasi_perfect.py tests/test_pbe_decompose.py

# other Pythons: a quick install and a smoke subset (the full suite runs on 3.11)
SMOKE_PYTHONS ?= 3.12 3.13
SMOKE_TESTS = tests/test_game.py tests/test_pygambit_io.py tests/test_us_japan_model.py tests/test_pbe.py

# the figures compiled with pdflatex (skipped by `make test` where pdflatex is missing)
LATEX_TESTS = tests/test_render.py tests/test_render_layout.py

.PHONY: setup setup-dev system-deps latex-deps demo test test-all test-latex lint typecheck docs bench clean test-gambit16 smoke-py

setup: $(RUNTIME_STAMP)

setup-dev: $(DEV_STAMP)

system-deps:
	@if ! command -v dot >/dev/null 2>&1; then \
		echo "installing Debian's graphviz (for dot)"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	fi

latex-deps:
	@if ! command -v pdflatex >/dev/null 2>&1; then \
		echo "installing Debian's pdflatex and TikZ (texlive-latex-base, texlive-latex-recommended, texlive-pictures)"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends texlive-latex-base texlive-latex-recommended texlive-pictures >/dev/null; \
	fi
	@command -v pdflatex >/dev/null 2>&1 || { echo "pdflatex is still missing"; exit 1; }

$(VENV_STAMP):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@touch $@

$(RUNTIME_STAMP): pyproject.toml $(VENV_STAMP)
	@$(MAKE) --no-print-directory system-deps
	$(BIN)/pip install -q -e '.[symbolic,plot]'
	@touch $@

$(DEV_STAMP): pyproject.toml $(RUNTIME_STAMP)
	$(BIN)/pip install -q -e '.[dev,symbolic,plot,estimate,distributed]'
	@touch $@

$(DOCS_STAMP): pyproject.toml $(RUNTIME_STAMP)
	$(BIN)/pip install -q -e '.[docs]'
	@touch $@

demo: $(RUNTIME_STAMP)
	@$(BIN)/python -m gametoolkit.cli.demo --out $(OUT)

test: $(DEV_STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

test-latex: $(DEV_STAMP) latex-deps
	$(BIN)/python -m pytest -q -k "pdflatex or compiles" $(LATEX_TESTS)

test-all: $(DEV_STAMP)
	$(BIN)/python -m pytest -q

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests models benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

docs: $(DOCS_STAMP)
	$(BIN)/mkdocs build --strict -d site

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/build.py

# pygambit 16.7 has no wheel: pip compiles Gambit's C++ (once per machine; pip keeps the
# wheel in its cache).  Only the tests that touch pygambit run here.
$(VENV16)/.stamp: pyproject.toml
	$(PYTHON) -m venv $(VENV16)
	$(VENV16)/bin/pip install -q --upgrade pip
	$(VENV16)/bin/pip install -q -e '.[dev,symbolic,plot,estimate]' '$(GAMBIT16)'
	@touch $@

test-gambit16: $(VENV16)/.stamp
	@$(VENV16)/bin/python -c "import pygambit; print('pygambit', pygambit.__version__)"
	$(VENV16)/bin/python -m pytest -q -m "not slow" $(GAMBIT_TESTS)
	$(VENV16)/bin/python -m pytest -q -m "not slow" -k "gambit or quasi_perfect" $(GAMBIT_MORE)

# For each Python in SMOKE_PYTHONS, found on PATH or under pyenv: a venv, the package with
# the runtime extras and pytest, `gametoolkit solve us-japan-alliance --json`, and a smoke
# subset of the tests.  A Python that is absent is skipped with a message; a failure fails.
smoke-py:
	@set -e; for v in $(SMOKE_PYTHONS); do \
		py=""; \
		for cand in "$$(command -v python$$v 2>/dev/null)" $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/$$v*/bin/python$$v 2>/dev/null | sort -V | tail -1); do \
			if [ -n "$$cand" ] && "$$cand" -c 'import sys' >/dev/null 2>&1; then py="$$cand"; break; fi; \
		done; \
		if [ -z "$$py" ]; then echo "smoke-py: Python $$v not found (neither python$$v on PATH nor under pyenv): skipped"; continue; fi; \
		venv=.venv-py$$v; \
		echo "smoke-py: Python $$v ($$py) in $$venv"; \
		[ -x $$venv/bin/python ] || "$$py" -m venv $$venv; \
		$$venv/bin/pip install -q --upgrade pip; \
		$$venv/bin/pip install -q -e '.[symbolic,plot]' 'pytest>=7.4'; \
		$$venv/bin/gametoolkit solve us-japan-alliance --json > $$venv/us-japan.json; \
		$$venv/bin/python -c "import json, sys; d = json.load(open(sys.argv[1])); assert d, 'empty JSON'" $$venv/us-japan.json; \
		$$venv/bin/python -m pytest -q -m "not slow" -p no:cacheprovider $(SMOKE_TESTS); \
	done

clean:
	rm -rf $(VENV) $(VENV16) .venv-py3.* site $(OUT) .pytest_cache .mypy_cache .ruff_cache build *.egg-info src/*.egg-info
