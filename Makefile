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
# make check STRICT=1 (or make publish STRICT=1) fails on warnings too.
STRICT ?= 0
STRICTOPT = $(if $(filter 1,$(STRICT)),--strict)

# make import: the pasted article (FILE=- or no FILE: standard input) and its
# header values.  TITLE, SOURCE, SOURCE_URL and TAGS are required; VIA, DATE,
# CATEGORY and OUTPUT (a file or folder to write instead) are optional.
FILE ?= -
# $(call quote,NAME): the raw value of variable NAME quoted for the shell, so
# quotes and dollar signs in a title reach the command unchanged.
quote = '$(subst ','\'',$(value $(1)))'

PELICANOPTS ?=
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif

STAMP = $(VENV)/.installed

# Deploying output/ (make rsync_upload, s3_upload, github; docs/deploying.md).
# Each value may come from the environment too; none has a site's default.
# rsync over ssh to SSH_USER@SSH_HOST:SSH_TARGET_DIR, or to RSYNC_TARGET
# (a folder on this machine, or host:folder) when that is set.
SSH_HOST ?=
SSH_PORT ?= 22
SSH_USER ?=
SSH_TARGET_DIR ?=
RSYNC_TARGET ?=
# aws s3 sync to S3_BUCKET (name, or name/prefix); S3_ENDPOINT_URL for another
# S3-compatible service; credentials from AWS_* as the AWS CLI reads them.
S3_BUCKET ?=
S3_ENDPOINT_URL ?=
# The AWS CLI lives in its own venv: awscli 1.x pins a docutils Pelican cannot use.
DEPLOY_VENV ?= .venv-deploy
DEPLOY_STAMP = $(DEPLOY_VENV)/.installed
AWS_CLI ?= $(DEPLOY_VENV)/bin/aws
# ghp-import to GITHUB_PAGES_BRANCH of GITHUB_REMOTE (a remote's name or URL).
GITHUB_PAGES_BRANCH ?= gh-pages
GITHUB_REMOTE ?= origin
# DRY_RUN=1: list what an upload would send and delete; change nothing.
DRY_RUN ?= 0
DRYRUNOPT = $(if $(filter 1,$(DRY_RUN)),--dry-run)
export SSH_HOST SSH_PORT SSH_USER SSH_TARGET_DIR RSYNC_TARGET S3_BUCKET S3_ENDPOINT_URL \
	AWS_CLI GITHUB_PAGES_BRANCH GITHUB_REMOTE

help:
	@echo 'Briefing: a static site generator for curated news briefings'
	@echo ''
	@echo 'Usage:'
	@echo '   make html                     build the site into output/ (development settings)'
	@echo '   make serve [PORT=8000]        serve output/ at http://$(HOST):$(PORT)'
	@echo '   make devserver [PORT=8000]    rebuild on every save and serve, with live reload'
	@echo '   make drafts                   build, then list the draft previews under /drafts/'
	@echo '   make check [STRICT=1]         check every item; STRICT=1 fails on warnings too'
	@echo '   make import FILE=pasted.txt TITLE=... SOURCE=... SOURCE_URL=... TAGS="a, b"'
	@echo '                                 turn a pasted article into content/YYYY/MM/slug.md'
	@echo '                                 (optional VIA=, DATE=, CATEGORY=, OUTPUT=;'
	@echo '                                 no FILE, or FILE=-: read standard input)'
	@echo '   make publish [STRICT=1]       check, build for the public, then replace output/'
	@echo '   make publish SITEURL=URL      the same, for another address (staging)'
	@echo '   make rsync_upload [DRY_RUN=1] publish, then rsync to SSH_HOST:SSH_TARGET_DIR'
	@echo '                                 (SSH_USER=, SSH_PORT=22; RSYNC_TARGET=folder instead)'
	@echo '   make s3_upload [DRY_RUN=1]    publish, then aws s3 sync to S3_BUCKET'
	@echo '                                 (S3_ENDPOINT_URL=, credentials from AWS_*)'
	@echo '   make github [DRY_RUN=1]       publish, then ghp-import to GITHUB_PAGES_BRANCH'
	@echo '                                 (gh-pages) of GITHUB_REMOTE (origin)'
	@echo '   make test                     run the test suite (lint, unit, site builds)'
	@echo '   make init DIR=../memo [NAME=... URL=... TIMEZONE=... LANGUAGE=...]'
	@echo '                                 start a new briefing in DIR (asks for what is missing)'
	@echo '   make clean                    remove output/, the build cache and leftovers'
	@echo '   make venv                     create .venv from requirements/ (automatic)'
	@echo '   make deploy-venv              create .venv-deploy with the AWS CLI (automatic)'
	@echo '   make help                     show this list'
	@echo ''
	@echo 'Set DEBUG=1 for Pelican debug output.'

$(STAMP): requirements/runtime.txt requirements/test.txt pyproject.toml
	$(PY) -m venv "$(VENV)"
	"$(BIN)/pip" install --quiet --disable-pip-version-check -r requirements/test.txt
	"$(BIN)/pip" install --quiet --disable-pip-version-check -e ".[devserver,deploy]"
	touch "$@"

venv: $(STAMP)

$(DEPLOY_STAMP): requirements/deploy.txt
	$(PY) -m venv "$(DEPLOY_VENV)"
	"$(DEPLOY_VENV)/bin/pip" install --quiet --disable-pip-version-check -r requirements/deploy.txt
	touch "$@"

deploy-venv: $(DEPLOY_STAMP)

html: $(STAMP)
	"$(PELICAN)" "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

serve: $(STAMP)
	"$(PELICAN)" --listen --bind "$(HOST)" --port "$(PORT)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)"

devserver: $(STAMP)
	"$(BRIEFING)" devserver "$(INPUTDIR)" -s "$(CONFFILE)" -o "$(OUTPUTDIR)" --host "$(HOST)" --port "$(PORT)"

drafts: html
	@echo 'Draft previews (serve them with make serve):'
	@cd "$(OUTPUTDIR)" && find drafts -name index.html -printf 'http://$(HOST):$(PORT)/%h/\n' 2>/dev/null | sort

check: $(STAMP)
	"$(BRIEFING)" check "$(INPUTDIR)" -s "$(CONFFILE)" $(STRICTOPT)

import: $(STAMP)
	@"$(BRIEFING)" import $(if $(filter-out -,$(FILE)),$(call quote,FILE),-) -s "$(CONFFILE)" --content "$(INPUTDIR)" \
		$(if $(TITLE),--title $(call quote,TITLE)) \
		$(if $(SOURCE),--source $(call quote,SOURCE)) \
		$(if $(SOURCE_URL),--source-url $(call quote,SOURCE_URL)) \
		$(if $(TAGS),--tags $(call quote,TAGS)) \
		$(if $(VIA),--via $(call quote,VIA)) \
		$(if $(CATEGORY),--category $(call quote,CATEGORY)) \
		$(if $(DATE),--date $(call quote,DATE)) \
		$(if $(OUTPUT),--output $(call quote,OUTPUT))

publish: $(STAMP)
	"$(BRIEFING)" publish "$(INPUTDIR)" -s "$(PUBLISHCONF)" -o "$(OUTPUTDIR)" $(STRICTOPT) $(if $(SITEURL),--siteurl "$(SITEURL)")

# Each upload runs only after a publish (and its check) succeeded.
rsync_upload: publish
	"$(BRIEFING)" deploy rsync -o "$(OUTPUTDIR)" $(DRYRUNOPT)

s3_upload: publish $(DEPLOY_STAMP)
	"$(BRIEFING)" deploy s3 -o "$(OUTPUTDIR)" $(DRYRUNOPT)

github: publish
	"$(BRIEFING)" deploy github -o "$(OUTPUTDIR)" $(DRYRUNOPT)

# The browser tests need tools outside the venv: .ci/install-test-tools
# installs whichever are missing (and says which) and prints their paths.
# BRIEFING_SKIP_BROWSER=1 skips both the tools and those tests.
TEST_TOOLS ?= .ci/install-test-tools
test: $(STAMP)
	"$(BIN)/ruff" check briefing tests pelicanconf.py publishconf.py setup.py
	@if [ "$$BRIEFING_SKIP_BROWSER" = 1 ]; then \
		echo '"$(BIN)/pytest" (BRIEFING_SKIP_BROWSER=1: no browser tests)'; \
		"$(BIN)/pytest" $(PYTEST_ARGS); \
	else \
		echo 'make test: the browser tests need Chromium, Java, vnu-jar and axe-core: bash .ci/install-test-tools installs any missing'; \
		paths="$$(bash $(call quote,TEST_TOOLS))" && eval "$$paths" && "$(BIN)/pytest" $(PYTEST_ARGS); \
	fi

# make init: a new site (briefing init).  Only values given on make's command
# line count: LANGUAGE and TIMEZONE often come from the environment too.
unexport DIR NAME URL TIMEZONE LANGUAGE
given = $(if $(filter command line,$(origin $(1))),$(2) $(call quote,$(1)))
init: $(STAMP)
	@"$(BRIEFING)" init $(call given,DIR) $(call given,NAME,--name) $(call given,URL,--url) \
		$(call given,TIMEZONE,--timezone) $(call given,LANGUAGE,--language)

clean:
	rm -rf "$(OUTPUTDIR)" "$(BASEDIR)"/.output.* "$(BASEDIR)/cache" "$(BASEDIR)/__pycache__" .pytest_cache

.PHONY: help venv deploy-venv html serve devserver drafts check import publish rsync_upload s3_upload github test init clean
