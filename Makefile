# Cultiva: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test lint format messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-test pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	@# A random secret key in var/secret_key on the first run (kept afterwards): the server
	@# refuses the repository's public development key while CULTIVA_DEBUG is off.
	$(BIN)/python manage.py make_secret_key
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_data --scale small --seed 1 --if-empty
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "Cultiva is starting at http://$(HOST):$(PORT)/"
	@$(BIN)/python manage.py demo_accounts
	@# One background worker runs the tasks (e-mail, embeddings, clustering) next to the server;
	@# it waits out database outages, and scripts/worker.sh starts it again if it ever exits.
	@# Links in e-mails (sent by the worker) point at the address served here unless set.
	export CULTIVA_SITE_URL="$${CULTIVA_SITE_URL:-http://$(HOST):$(PORT)}"; \
	BIN=$(BIN) bash scripts/worker.sh & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/uvicorn cultiva.asgi:application --host $(HOST) --port $(PORT) --workers $${CULTIVA_WORKERS:-1} --proxy-headers --timeout-keep-alive 30

test: install-test
	bash scripts/test.sh

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install-test
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

messages: install
	cd src/cultiva && ../../$(BIN)/django-admin makemessages --locale hu --locale ro --locale en --no-obsolete --add-location file --ignore 'test_settings.py'
	cd src/cultiva && ../../$(BIN)/django-admin compilemessages

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var
