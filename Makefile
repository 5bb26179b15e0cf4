# Lintas Totabuan — thin wrappers over the `lintas` command.
# Every target creates the virtualenv it needs: the pinned requirements, then
# the engine (this repository's `lintas` package) installed in editable mode.

PY_BASE ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
LINTAS  := $(VENV)/bin/lintas
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: html publish publish-watch serve check test lint clean venv system-deps ping deploy deploy-verify

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PY_BASE) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

venv: $(VENV)/.installed

html: $(VENV)/.installed
	$(LINTAS) build --output output

publish: $(VENV)/.installed
	$(LINTAS) build --publish --output output

# Stay running: publish each saved change within seconds, and each embargoed
# story the moment it lifts (docs/operations.md: the systemd service).
publish-watch: $(VENV)/.installed
	$(LINTAS) build --publish --watch --output output

# The newsroom rules on every story and page, without building.
check: $(VENV)/.installed
	$(LINTAS) check

# After deploying `make publish`: tell the WebSub hub (WEBSUB_HUB, or the
# LINTAS_WEBSUB_HUB environment variable) that the feeds changed.
ping: $(VENV)/.installed
	$(LINTAS) ping --settings publishconf.py --output output

# Build for production, publish output/ (rsync or a git branch: DEPLOY_* in
# publishconf.py, docs/operations.md), then ping the WebSub hub if anything changed.
# Exit status 3 from the build means "published, some stories held back": the
# site is deployed all the same, then the newsroom's alert runs (NEWSROOM_ALERT_*)
# and make exits 3, so a timer or CI run shows it. Any other failure stops here.
deploy: $(VENV)/.installed
	@status=0; $(LINTAS) build --publish --output output --no-alert || status=$$?; \
	if [ $$status -ne 0 ] && [ $$status -ne 3 ]; then exit $$status; fi; \
	$(LINTAS) deploy --settings publishconf.py --output output || exit $$?; \
	if [ $$status -eq 3 ]; then $(LINTAS) alert --settings publishconf.py --output output; fi; \
	exit $$status

# The same, comparing every file on both sides (rsync --checksum) instead of
# trusting the record of the last deploy: after a change made on the server
# by hand, or to check that the target holds exactly the build.
deploy-verify: publish
	$(LINTAS) deploy --settings publishconf.py --output output --verify

serve: $(VENV)/.installed
	$(LINTAS) serve --host $(HOST) --port $(PORT)

# Chromium, Java, nginx, rsync, Node.js: installed when missing (as root),
# otherwise the exact apt-get command is printed and the target fails.
system-deps:
	bash scripts/install_system_deps.sh

# Node tools the theme tests drive: the Nu HTML Checker (vnu-jar, on the system
# Java) and Lighthouse (on Debian's chromium). --ignore-scripts: vnu-jar's
# postinstall would download a Java runtime we do not want.
node_modules/.installed: package.json package-lock.json | system-deps
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

test: $(VENV)/.installed system-deps node_modules/.installed
	$(PY) -m pytest -n auto

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf output .output.staging-* .output.retired-* .output.lock .output.held-back.* .cache
