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
# Data, never code: recipes quote their raw values (see quote below).
unexport HOST PORT
# make publish SITEURL=https://staging.example.org builds for another address.
SITEURL ?=
# make test PYTEST_ARGS="-k feeds -x" passes options to pytest.
PYTEST_ARGS ?=
DEBUG ?= 0
# The ledger of published addresses (briefing/address_ledger.py): make publish
# keeps it up to date, make check warns when a publish would move an address.
# Commit it with the content.
ADDRESS_LEDGER ?= published-addresses.txt
unexport ADDRESS_LEDGER
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

# The e-mail edition (make newsletter, make send-newsletter; docs/newsletter.md).
# DATE=YYYY-MM-DD (default: the latest closed edition), OUT=folder (default
# output/newsletter); sending: TO=address or LIST=file, SMTP_HOST, SMTP_PORT,
# SMTP_TLS=starttls|tls|none, SMTP_USER (each from make or the environment),
# DRY_RUN=1.  Values are data: passed quoted, never expanded or exported.
NEWSLETTER_LEDGER = $(BASEDIR)/newsletter-ledger.tsv
unexport DATE OUT TO LIST SMTP_HOST SMTP_PORT SMTP_TLS SMTP_USER
# The SMTP password comes from the environment only: on the command line it
# would sit in the shell's history and the process list.
ifeq ($(origin SMTP_PASSWORD),command line)
$(error SMTP_PASSWORD: export it in the environment instead of giving it to make)
endif

help:
	@echo 'Briefing: a static site generator for curated news briefings'
	@echo ''
	@echo 'Usage:'
	@echo '   make html                     build the site into output/ (development settings)'
	@echo '   make serve [PORT=8000]        serve output/ at http://$(HOST):$(PORT)'
	@echo '   make devserver [PORT=8000]    rebuild on every save and serve, with live reload'
	@echo '   make drafts                   build, then list the draft previews under /drafts/'
	@echo '   make preview [PORT=8000]      build the public site for make serve (never deployed)'
	@echo '   make scheduled                list the items dated in the future, with their times'
	@echo '   make check [STRICT=1]         check every item; STRICT=1 fails on warnings too'
	@echo '   make import FILE=pasted.txt TITLE=... SOURCE=... SOURCE_URL=... TAGS="a, b"'
	@echo '   make import URL=https://... TAGS="a, b"   (or FILE=page.html: a saved web page)'
	@echo '                                 turn a pasted article into content/YYYY/MM/slug.md'
	@echo '                                 (optional VIA=, DATE=, CATEGORY=, OUTPUT=;'
	@echo '                                 no FILE, or FILE=-: read standard input)'
	@echo '   make publish [STRICT=1]       check, build for the public, then replace output/'
	@echo '   make publish SITEURL=URL      the same, for another address (staging)'
	@echo '                                 (both keep published-addresses.txt, or ADDRESS_LEDGER=)'
	@echo '   make rsync_upload [DRY_RUN=1] publish, then rsync to SSH_HOST:SSH_TARGET_DIR'
	@echo '                                 (SSH_USER=, SSH_PORT=22; RSYNC_TARGET=folder instead)'
	@echo '   make s3_upload [DRY_RUN=1]    publish, then aws s3 sync to S3_BUCKET'
	@echo '                                 (S3_ENDPOINT_URL=, credentials from AWS_*)'
	@echo '   make github [DRY_RUN=1]       publish, then ghp-import to GITHUB_PAGES_BRANCH'
	@echo '                                 (gh-pages) of GITHUB_REMOTE (origin)'
	@echo '   make newsletter [DATE=YYYY-MM-DD] [OUT=folder]'
	@echo '                                 write the latest closed edition (or DATE'"'"'s) as e-mail:'
	@echo '                                 output/newsletter/DATE.eml, .html and .txt'
	@echo '   make send-newsletter TO=address|LIST=file [DATE=] [DRY_RUN=1]'
	@echo '                                 send it over SMTP_HOST (SMTP_PORT, SMTP_TLS, SMTP_USER;'
	@echo '                                 SMTP_PASSWORD from the environment), once per address'
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

# Development builds are made for the address make serve shows them at, so
# their pages load the stylesheets from there (PORT=, HOST=).
SERVED_SITEURL = -e SITEURL='"http://'$(call quote,HOST)':'$(call quote,PORT)'"'

html: $(STAMP)
	"$(PELICAN)" "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(SERVED_SITEURL) $(PELICANOPTS)

serve: $(STAMP)
	"$(PELICAN)" --listen --bind "$(HOST)" --port "$(PORT)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)"

devserver: $(STAMP)
	"$(BRIEFING)" devserver "$(INPUTDIR)" -s "$(CONFFILE)" -o "$(OUTPUTDIR)" --host "$(HOST)" --port "$(PORT)"

drafts: html
	@echo 'Previews of drafts and scheduled items (serve them with make serve):'
	@grep -v '^#' "$(OUTPUTDIR)/.briefing-local-build.txt" | sed 's|^|http://'$(call quote,HOST)':'$(call quote,PORT)'/|'

# The public site, built for the address make serve shows it at: what
# readers will see, drafts left out; no deploy target uploads it.
preview: $(STAMP)
	"$(BRIEFING)" publish "$(INPUTDIR)" -s "$(PUBLISHCONF)" -o "$(OUTPUTDIR)" --local \
		--siteurl 'http://'$(call quote,HOST)':'$(call quote,PORT)

# The items dated in the future, with the times they go out on the site's clock.
scheduled: $(STAMP)
	"$(BRIEFING)" scheduled "$(INPUTDIR)" -s "$(CONFFILE)"

check: $(STAMP)
	"$(BRIEFING)" check "$(INPUTDIR)" -s "$(CONFFILE)" --ledger $(call quote,ADDRESS_LEDGER) $(STRICTOPT)

# make import URL=https://... fetches the page and takes its article and metadata;
# SOURCE_DATE and SOURCE_AUTHOR override what the page or the text says.  These
# values are data, never make code: unexported, and read with $(value ...).
unexport URL SOURCE_DATE SOURCE_AUTHOR
import: $(STAMP)
	@"$(BRIEFING)" import $(if $(filter-out -,$(FILE)),$(call quote,FILE),-) -s "$(CONFFILE)" --content "$(INPUTDIR)" \
		$(if $(TITLE),--title $(call quote,TITLE)) \
		$(if $(SOURCE),--source $(call quote,SOURCE)) \
		$(if $(SOURCE_URL),--source-url $(call quote,SOURCE_URL)) \
		$(if $(TAGS),--tags $(call quote,TAGS)) \
		$(if $(VIA),--via $(call quote,VIA)) \
		$(if $(CATEGORY),--category $(call quote,CATEGORY)) \
		$(if $(DATE),--date $(call quote,DATE)) \
		$(if $(OUTPUT),--output $(call quote,OUTPUT)) \
		$(if $(value URL),--url $(call quote,URL)) \
		$(if $(value SOURCE_DATE),--source-date $(call quote,SOURCE_DATE)) \
		$(if $(value SOURCE_AUTHOR),--source-author $(call quote,SOURCE_AUTHOR))

publish: $(STAMP)
	"$(BRIEFING)" publish "$(INPUTDIR)" -s "$(PUBLISHCONF)" -o "$(OUTPUTDIR)" --ledger $(call quote,ADDRESS_LEDGER) $(STRICTOPT) $(if $(SITEURL),--siteurl "$(SITEURL)")

# Each upload runs only after a publish (and its check) succeeded.
rsync_upload: publish
	"$(BRIEFING)" deploy rsync -o "$(OUTPUTDIR)" $(DRYRUNOPT)

s3_upload: publish $(DEPLOY_STAMP)
	"$(BRIEFING)" deploy s3 -o "$(OUTPUTDIR)" $(DRYRUNOPT)

github: publish
	"$(BRIEFING)" deploy github -o "$(OUTPUTDIR)" $(DRYRUNOPT)

newsletter: $(STAMP)
	"$(BRIEFING)" newsletter "$(INPUTDIR)" -s "$(PUBLISHCONF)" \
		--out $(if $(value OUT),$(call quote,OUT),"$(OUTPUTDIR)/newsletter") \
		$(if $(value DATE),--date $(call quote,DATE))

send-newsletter: $(STAMP)
	"$(BRIEFING)" send-newsletter "$(INPUTDIR)" -s "$(PUBLISHCONF)" --ledger "$(NEWSLETTER_LEDGER)" \
		--out $(if $(value OUT),$(call quote,OUT),"$(OUTPUTDIR)/newsletter") \
		$(if $(value DATE),--date $(call quote,DATE)) \
		$(if $(value TO),--to $(call quote,TO)) \
		$(if $(value LIST),--list $(call quote,LIST)) \
		$(if $(value SMTP_HOST),--smtp-host $(call quote,SMTP_HOST)) \
		$(if $(value SMTP_PORT),--smtp-port $(call quote,SMTP_PORT)) \
		$(if $(value SMTP_TLS),--smtp-tls $(call quote,SMTP_TLS)) \
		$(if $(value SMTP_USER),--smtp-user $(call quote,SMTP_USER)) \
		$(DRYRUNOPT)

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

.PHONY: help venv deploy-venv html serve devserver drafts preview scheduled check import publish rsync_upload s3_upload github test init clean newsletter send-newsletter
