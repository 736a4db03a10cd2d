# `make run`: a first run on SQLite with demo data. `make test`: the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
BOOTSTRAP := node_modules/bootstrap/dist

.PHONY: setup venv assets messages migrate demo run test check clean

setup: venv assets messages migrate

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Bootstrap and axe-core (the browser tests' accessibility checker) come from the npm registry (package-lock.json
# pins them) and are served from our own static files.
assets: static/vendor/bootstrap/.installed
static/vendor/bootstrap/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor/bootstrap
	cp $(BOOTSTRAP)/css/bootstrap.min.css $(BOOTSTRAP)/css/bootstrap.min.css.map static/vendor/bootstrap/
	cp $(BOOTSTRAP)/js/bootstrap.bundle.min.js $(BOOTSTRAP)/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/
	mkdir -p static/vendor/axe-core
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE static/vendor/axe-core/
	touch $@

# The translations are compiled here, never committed as .mo files.
messages: venv
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

migrate: venv
	$(PY) manage.py migrate --noinput -v0

demo: setup
	$(PY) manage.py load_demo

run: demo
	$(VENV)/bin/honcho start -f Procfile

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

check: setup
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') ALLOWED_HOSTS=example.org \
		ID_NUMBER_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
		ID_NUMBER_HMAC_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))') \
		$(PY) manage.py check --deploy --fail-level WARNING
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) node_modules static/vendor var
