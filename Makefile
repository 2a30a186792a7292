# Briefing: build, check and publish a curated news briefing.
# Every target that needs Python creates .venv from the pinned requirements first.
#
# Every value given to make (make import TITLE=..., make publish SITEURL=...)
# is data, never make code or shell code: recipes read it with $(value NAME)
# and quote it ($(call quote,NAME)); make never expands it, and none of
# these variables is exported (make would expand it to export it).  A value
# with a line break is refused.  tests/engine/test_make_values.py proves it.

PY ?= python3
VENV ?= .venv
# The AWS CLI lives in its own venv: awscli 1.x pins a docutils Pelican cannot use.
DEPLOY_VENV ?= .venv-deploy
define newline


endef
# VENV and DEPLOY_VENV name targets, which make expands as it reads this file.
$(foreach name,VENV DEPLOY_VENV,$(if $(findstring $$,$(value $(name)))$(findstring \
	$(newline),$(value $(name))),$(error $(name): must be a plain folder name)))
BIN = $(VENV)/bin
PELICAN = $(BIN)/pelican
BRIEFING = $(BIN)/briefing

BASEDIR := $(CURDIR)
INPUTDIR := $(BASEDIR)/content
OUTPUTDIR := $(BASEDIR)/output
CONFFILE := $(BASEDIR)/pelicanconf.py
PUBLISHCONF := $(BASEDIR)/publishconf.py

HOST ?= 127.0.0.1
PORT ?= 8000
# Data, never code: recipes quote their raw values (see quote below).
unexport HOST PORT
# make publish SITEURL=https://staging.example.org builds for another address.
SITEURL ?=
# make test PYTEST_ARGS="-k feeds -x" passes options to pytest.
PYTEST_ARGS ?=
DEBUG ?= 0
# The ledger of published addresses (briefing/serve/address_ledger.py): make publish
# keeps it up to date, make check warns when a publish would move an address.
# Commit it with the content.
ADDRESS_LEDGER ?= published-addresses.txt
unexport ADDRESS_LEDGER
# make check STRICT=1 (or make publish STRICT=1) fails on warnings too.
STRICT ?= 0
STRICTOPT = $(if $(filter 1,$(value STRICT)),--strict)

# make import: the pasted article (FILE=- or no FILE: standard input) and its
# header values.  TITLE, SOURCE, SOURCE_URL and TAGS are required; VIA, DATE,
# CATEGORY and OUTPUT (a file or folder to write instead) are optional.
FILE ?= -
# $(call quote,NAME): the raw value of variable NAME quoted for the shell, so
# quotes and dollar signs in a title reach the command unchanged.
quote = '$(subst ','\'',$(value $(1)))'
# $(call split_args,NAME) COMMAND ARGS...: run COMMAND ARGS... plus the raw value
# of NAME split into words as a shell would (quotes group words) but never
# run (shlex); for PYTEST_ARGS="-k 'feeds and not rss'" and PELICANOPTS.
split_args = env SPLIT_ARGS=$(call quote,$(1)) "$(BIN)/python" -c 'import os, shlex, sys; \
	words = shlex.split(os.environ.pop("SPLIT_ARGS")); os.execv(sys.argv[1], sys.argv[1:] + words)'

PELICANOPTS ?=
DEBUGOPT = $(if $(filter 1,$(value DEBUG)),-D)

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
DEPLOY_STAMP = $(DEPLOY_VENV)/.installed
ifeq ($(origin AWS_CLI),undefined)
AWS_CLI := $(DEPLOY_VENV)/bin/aws
endif
# ghp-import to GITHUB_PAGES_BRANCH of GITHUB_REMOTE (a remote's name or URL).
GITHUB_PAGES_BRANCH ?= gh-pages
GITHUB_REMOTE ?= origin
# DRY_RUN=1: list what an upload would send and delete; change nothing.
DRY_RUN ?= 0
DRYRUNOPT = $(if $(filter 1,$(value DRY_RUN)),--dry-run)
DEPLOY_VARIABLES = SSH_HOST SSH_PORT SSH_USER SSH_TARGET_DIR RSYNC_TARGET S3_BUCKET \
	S3_ENDPOINT_URL AWS_CLI GITHUB_PAGES_BRANCH GITHUB_REMOTE
# The deploy settings reach `briefing deploy` in its environment, quoted.
DEPLOY_ENV = $(foreach name,$(DEPLOY_VARIABLES),$(name)=$(call quote,$(name)))

# Values editors and CI give make: data only (see the top of this file).
VALUE_VARIABLES = TITLE SOURCE SOURCE_URL TAGS VIA DATE CATEGORY FILE OUTPUT SITEURL STRICT \
	DRY_RUN HOST PORT DEBUG PY VENV DEPLOY_VENV PYTEST_ARGS PELICANOPTS \
	BASEDIR INPUTDIR OUTPUTDIR CONFFILE PUBLISHCONF ADDRESS_LEDGER URL SOURCE_DATE SOURCE_AUTHOR \
	OUT TO LIST SMTP_HOST SMTP_PORT SMTP_TLS SMTP_USER DIR NAME TIMEZONE LANGUAGE \
	$(DEPLOY_VARIABLES)
unexport $(VALUE_VARIABLES)
# Expanded at the start of each recipe: stops make on a value with a line break.
one_line = $(foreach name,$(VALUE_VARIABLES),$(if $(findstring $(newline),$(value $(name))),\
	$(error $(name): a make value must be one line; this one holds a line break)))

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
	@echo '   make serve [PORT=8000]        serve output/ at http://127.0.0.1:8000 (HOST=, PORT=)'
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
	$(one_line)$(call quote,PY) -m venv "$(VENV)"
	"$(BIN)/pip" install --quiet --disable-pip-version-check -r requirements/test.txt
	"$(BIN)/pip" install --quiet --disable-pip-version-check -e ".[devserver,deploy]"
	touch "$@"

venv: $(STAMP)

$(DEPLOY_STAMP): requirements/deploy.txt
	$(one_line)$(call quote,PY) -m venv "$(DEPLOY_VENV)"
	"$(DEPLOY_VENV)/bin/pip" install --quiet --disable-pip-version-check -r requirements/deploy.txt
	touch "$@"

deploy-venv: $(DEPLOY_STAMP)

# Development builds are made for the address make serve shows them at, so
# their pages load the stylesheets from there (PORT=, HOST=).
SERVED_SITEURL = -e SITEURL='"http://'$(call quote,HOST)':'$(call quote,PORT)'"'

# Pelican itself, while no other build of the site runs (briefing locked).
html: $(STAMP)
	$(one_line)"$(BRIEFING)" locked -o $(call quote,OUTPUTDIR) -- $(call split_args,PELICANOPTS) \
		"$(PELICAN)" $(call quote,INPUTDIR) -o $(call quote,OUTPUTDIR) -s $(call quote,CONFFILE) \
		$(SERVED_SITEURL) $(DEBUGOPT)

serve: $(STAMP)
	$(one_line)"$(BRIEFING)" serve -o $(call quote,OUTPUTDIR) --host $(call quote,HOST) --port $(call quote,PORT)

devserver: $(STAMP)
	$(one_line)"$(BRIEFING)" devserver $(call quote,INPUTDIR) -s $(call quote,CONFFILE) -o $(call quote,OUTPUTDIR) \
		--host $(call quote,HOST) --port $(call quote,PORT)

drafts: html
	@echo 'Previews of drafts and scheduled items (serve them with make serve):'
	@grep -v '^#' $(call quote,OUTPUTDIR)/.briefing-local-build.txt | sed 's|^|http://'$(call quote,HOST)':'$(call quote,PORT)'/|'

# The public site, built for the address make serve shows it at: what
# readers will see, drafts left out; no deploy target uploads it.
preview: $(STAMP)
	$(one_line)"$(BRIEFING)" publish $(call quote,INPUTDIR) -s $(call quote,PUBLISHCONF) -o $(call quote,OUTPUTDIR) --local \
		--siteurl 'http://'$(call quote,HOST)':'$(call quote,PORT)

# The items dated in the future, with the times they go out on the site's clock.
scheduled: $(STAMP)
	$(one_line)"$(BRIEFING)" scheduled $(call quote,INPUTDIR) -s $(call quote,CONFFILE)

check: $(STAMP)
	$(one_line)"$(BRIEFING)" check $(call quote,INPUTDIR) -s $(call quote,CONFFILE) -o $(call quote,OUTPUTDIR) \
		--ledger $(call quote,ADDRESS_LEDGER) $(STRICTOPT)

# make import URL=https://... fetches the page and takes its article and metadata;
# SOURCE_DATE and SOURCE_AUTHOR override what the page or the text says.  These
# values are data, never make code: unexported, and read with $(value ...).
unexport URL SOURCE_DATE SOURCE_AUTHOR
import: $(STAMP)
	@$(one_line)"$(BRIEFING)" import $(if $(filter-out -,$(value FILE)),$(call quote,FILE),-) \
		-s $(call quote,CONFFILE) --content $(call quote,INPUTDIR) \
		$(if $(value TITLE),--title $(call quote,TITLE)) \
		$(if $(value SOURCE),--source $(call quote,SOURCE)) \
		$(if $(value SOURCE_URL),--source-url $(call quote,SOURCE_URL)) \
		$(if $(value TAGS),--tags $(call quote,TAGS)) \
		$(if $(value VIA),--via $(call quote,VIA)) \
		$(if $(value CATEGORY),--category $(call quote,CATEGORY)) \
		$(if $(value DATE),--date $(call quote,DATE)) \
		$(if $(value OUTPUT),--output $(call quote,OUTPUT)) \
		$(if $(value URL),--url $(call quote,URL)) \
		$(if $(value SOURCE_DATE),--source-date $(call quote,SOURCE_DATE)) \
		$(if $(value SOURCE_AUTHOR),--source-author $(call quote,SOURCE_AUTHOR))

publish: $(STAMP)
	$(one_line)"$(BRIEFING)" publish $(call quote,INPUTDIR) -s $(call quote,PUBLISHCONF) -o $(call quote,OUTPUTDIR) \
		--ledger $(call quote,ADDRESS_LEDGER) $(STRICTOPT) $(if $(value SITEURL),--siteurl $(call quote,SITEURL))

# Each upload runs only after a publish (and its check) succeeded.
rsync_upload: publish
	$(one_line)$(DEPLOY_ENV) "$(BRIEFING)" deploy rsync -o $(call quote,OUTPUTDIR) $(DRYRUNOPT)

s3_upload: publish $(DEPLOY_STAMP)
	$(one_line)$(DEPLOY_ENV) "$(BRIEFING)" deploy s3 -o $(call quote,OUTPUTDIR) $(DRYRUNOPT)

github: publish
	$(one_line)$(DEPLOY_ENV) "$(BRIEFING)" deploy github -o $(call quote,OUTPUTDIR) $(DRYRUNOPT)

newsletter: $(STAMP)
	$(one_line)"$(BRIEFING)" newsletter "$(INPUTDIR)" -s "$(PUBLISHCONF)" \
		--out $(if $(value OUT),$(call quote,OUT),"$(OUTPUTDIR)/newsletter") \
		$(if $(value DATE),--date $(call quote,DATE))

send-newsletter: $(STAMP)
	$(one_line)"$(BRIEFING)" send-newsletter "$(INPUTDIR)" -s "$(PUBLISHCONF)" --ledger "$(NEWSLETTER_LEDGER)" \
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
unexport TEST_TOOLS
test: $(STAMP)
	$(one_line)"$(BIN)/ruff" check briefing tests pelicanconf.py publishconf.py setup.py
	@if [ "$$BRIEFING_SKIP_BROWSER" = 1 ]; then \
		echo '"$(BIN)/pytest" (BRIEFING_SKIP_BROWSER=1: no browser tests)'; \
		$(call split_args,PYTEST_ARGS) "$(BIN)/pytest"; \
	else \
		echo 'make test: the browser and feed-client tests need Chromium, Java, vnu-jar, axe-core, rss2email, newsboat and sfeed: bash .ci/install-test-tools installs any missing'; \
		paths="$$(bash $(call quote,TEST_TOOLS))" && eval "$$paths" && $(call split_args,PYTEST_ARGS) "$(BIN)/pytest"; \
	fi

# make init: a new site (briefing init).  Only values given on make's command
# line count: LANGUAGE and TIMEZONE often come from the environment too.
unexport DIR NAME URL TIMEZONE LANGUAGE
given = $(if $(filter command line,$(origin $(1))),$(2) $(call quote,$(1)))
init: $(STAMP)
	@$(one_line)"$(BRIEFING)" init $(call given,DIR) $(call given,NAME,--name) $(call given,URL,--url) \
		$(call given,TIMEZONE,--timezone) $(call given,LANGUAGE,--language)

clean:
	$(one_line)rm -rf $(call quote,OUTPUTDIR) $(call quote,BASEDIR)/.output.* $(call quote,BASEDIR)/cache \
		$(call quote,BASEDIR)/__pycache__ .pytest_cache

.PHONY: help venv deploy-venv html serve devserver drafts preview scheduled check import publish rsync_upload s3_upload github test init clean newsletter send-newsletter
