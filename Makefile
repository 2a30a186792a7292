# Briefing: build, check and publish a curated news briefing.
# Every target that needs Python creates .venv from the pinned requirements first.

PY ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PELICAN = $(BIN)/pelican
BRIEFING = $(BIN)/briefing

BASEDIR = $(CURDIR)
INPUTDIR = $(BASEDIR)/content
OUTPUTDIR = $(BASEDIR)/output
CONFFILE = $(BASEDIR)/pelicanconf.py
PUBLISHCONF = $(BASEDIR)/publishconf.py

HOST ?= 127.0.0.1
PORT ?= 8000
# make publish SITEURL=https://staging.example.org builds for another address.
SITEURL ?=
# make test PYTEST_ARGS="-k feeds -x" passes options to pytest.
PYTEST_ARGS ?=
DEBUG ?= 0

PELICANOPTS ?=
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif

STAMP = $(VENV)/.installed

help:
	@echo 'Briefing: a static site generator for curated news briefings'
	@echo ''
	@echo 'Usage:'
	@echo '   make html                     build the site into output/ (development settings)'
	@echo '   make serve [PORT=8000]        serve output/ at http://$(HOST):$(PORT)'
	@echo '   make devserver [PORT=8000]    rebuild on every save and serve, with live reload'
	@echo '   make drafts                   build, then list the draft previews under /drafts/'
	@echo '   make check                    check every item against the content format'
	@echo '   make publish                  check, build for the public, then replace output/'
	@echo '   make publish SITEURL=URL      the same, for another address (staging)'
	@echo '   make test                     run the test suite (lint, unit, site builds)'
	@echo '   make clean                    remove output/ and build leftovers'
	@echo '   make venv                     create .venv from requirements/ (automatic)'
	@echo ''
	@echo 'Set DEBUG=1 for Pelican debug output.'

$(STAMP): requirements/runtime.txt requirements/test.txt pyproject.toml
	$(PY) -m venv "$(VENV)"
	"$(BIN)/pip" install --quiet --disable-pip-version-check -r requirements/test.txt
	"$(BIN)/pip" install --quiet --disable-pip-version-check --no-deps -e .
	touch "$@"

venv: $(STAMP)

html: $(STAMP)
	"$(PELICAN)" "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

serve: $(STAMP)
	"$(PELICAN)" --listen --bind "$(HOST)" --port "$(PORT)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)"

devserver: $(STAMP)
	"$(BRIEFING)" devserver -s "$(CONFFILE)" -o "$(OUTPUTDIR)" --host "$(HOST)" --port "$(PORT)"

drafts: html
	@echo 'Draft previews (serve them with make serve):'
	@cd "$(OUTPUTDIR)" && find drafts -name index.html -printf 'http://$(HOST):$(PORT)/%h/\n' 2>/dev/null | sort

check: $(STAMP)
	"$(BRIEFING)" check "$(INPUTDIR)" -s "$(CONFFILE)"

publish: $(STAMP)
	"$(BRIEFING)" publish "$(INPUTDIR)" -s "$(PUBLISHCONF)" -o "$(OUTPUTDIR)" $(if $(SITEURL),--siteurl "$(SITEURL)")

test: $(STAMP)
	"$(BIN)/ruff" check briefing tests pelicanconf.py publishconf.py
	"$(BIN)/pytest" $(PYTEST_ARGS)

clean:
	rm -rf "$(OUTPUTDIR)" "$(BASEDIR)"/.output.* "$(BASEDIR)/__pycache__" .pytest_cache

.PHONY: help venv html serve devserver drafts check publish test clean
