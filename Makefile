# The two commands of the README. Everything they need is installed from pinned versions.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check serve lint clean browser bench bench-extract docs

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

NODE_STAMP := node_modules/.package-lock.json
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# The browser tests drive the distribution's chromium (a test tool's own browser download cannot
# work offline); install it once when it is missing.
browser:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## site: create the environment, check the knowledge base, build the site into site/
site: $(STAMP) $(NODE_STAMP)
	$(PY) build_kb.py build

## test: lint, type checks and the whole test suite (unit, golden, bad-input corpus, site build)
test: $(STAMP) $(NODE_STAMP) browser lint
	$(PY) -m pytest

check: $(STAMP)
	$(PY) build_kb.py check

serve: $(STAMP) $(NODE_STAMP)
	$(PY) build_kb.py serve

lint: $(STAMP)
	$(PY) -m ruff check graph tests build_kb.py
	$(PY) -m mypy graph build_kb.py

## docs: regenerate docs/issue-codes.md from the issue catalogue in graph/issues.py
docs: $(STAMP)
	$(PY) -m graph.issues

## bench: how the site build scales with the number of claims, and citation formatting with the
## number of references (not part of make test)
bench: $(STAMP) $(NODE_STAMP)
	$(PY) tests/benchmarks/bench_build.py
	$(PY) tests/benchmarks/bench_cite.py

## bench-extract: extraction and matching precision/recall on tests/extract/labelled/ (not part of make test)
bench-extract: $(STAMP)
	$(PY) tests/benchmarks/bench_extract.py

clean:
	rm -rf site .pytest_cache test-output
