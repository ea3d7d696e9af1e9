# make serve | site | test | check | fix | stats | bench — each bootstraps .venv from requirements.lock first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Material 9.7+ prints a notice about MkDocs 2 on every run; the project stays on MkDocs 1.x.
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: sitemap dates come from the last commit, not from the clock (the MkDocs hook
# sets SOURCE_DATE_EPOCH from git, or from scripts/kb/commit-date.txt in a `git archive` export).

.PHONY: serve site offline test check fix stats bench chromium libreoffice zensical clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

site: $(STAMP)
	$(BIN)/mkdocs build --strict

# The site for a computer with no network: build/offline/对照检查知识库-<date>.zip and the same folder
# unzipped; double-click index.html in it (file://).
offline: $(STAMP)
	$(BIN)/python -m kb.offline

# make check ARGS="--strict"  |  make check ARGS="--format github"  |  make fix
check: $(STAMP)
	$(BIN)/kb check $(ARGS)

fix: $(STAMP)
	$(BIN)/kb check --fix $(ARGS)

stats: $(STAMP)
	$(BIN)/kb stats

test: $(STAMP) chromium libreoffice zensical
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

# The second engine, in a venv of its own (it pins its own theme). Installing it may fail where the
# registry lacks a release it pins: then the engine test says so and skips, and nothing else fails.
ZVENV := .venv-zensical
zensical: $(ZVENV)/.installed
$(ZVENV)/.installed: requirements-zensical.lock
	@rm -f $(ZVENV)/.unavailable
	@$(PYTHON) -m venv $(ZVENV) && \
	  if $(ZVENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-zensical.lock \
	       > $(ZVENV)/.install.log 2>&1; then touch $@; \
	  else (grep -m1 "^ERROR" $(ZVENV)/.install.log || tail -n 1 $(ZVENV)/.install.log) > $(ZVENV)/.unavailable; \
	       echo "Zensical 未能安装（见 $(ZVENV)/.unavailable），其构建测试将跳过" >&2; fi

clean:
	rm -rf site build
