# make serve | site | test | check | fix | stats | bench — each bootstraps .venv from requirements.lock first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Material 9.7+ prints a notice about MkDocs 2 on every run; the project stays on MkDocs 1.x.
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: sitemap dates come from the last commit, not from the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve site test check fix stats bench chromium libreoffice clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

site: $(STAMP)
	$(BIN)/mkdocs build --strict

# make check ARGS="--strict"  |  make check ARGS="--format github"  |  make fix
check: $(STAMP)
	$(BIN)/kb check $(ARGS)

fix: $(STAMP)
	$(BIN)/kb check --fix $(ARGS)

stats: $(STAMP)
	$(BIN)/kb stats

test: $(STAMP) chromium libreoffice
	$(BIN)/python -m pytest

# Phrase finder, build and check timings on synthetic catalogues of 1,000 and 10,000 records
# (a few minutes); prints a table and writes build/bench.json.
bench: $(STAMP) chromium
	$(BIN)/python bench/run.py

# Browser tests drive Debian's Chromium through Playwright (never `playwright install`).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "需要 /usr/bin/chromium：请以 root 运行 make test，或先执行 sudo apt-get install chromium" >&2; exit 1; \
	  fi; \
	fi

# The .docx tests render Word files with LibreOffice headless (a small CJK font for faithful line
# breaks) and read the PDF back with pdftotext.
libreoffice:
	@if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null || [ ! -d /usr/share/fonts/truetype/wqy ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      libreoffice-writer-nogui fonts-wqy-microhei poppler-utils; \
	  else \
	    echo "需要 LibreOffice：请以 root 运行 make test，或先执行 sudo apt-get install libreoffice-writer-nogui fonts-wqy-microhei poppler-utils" >&2; exit 1; \
	  fi; \
	fi

clean:
	rm -rf site build
