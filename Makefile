# Plateforme TIG — the entry point. `make run` sets everything up and serves the site;
# `make test` runs the quality gate and the whole suite.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Python 3.12 or newer: the default python3 may be older, pyenv shims may not be active.
PYTHON_CANDIDATES := python3.13 python3.12 \
	$(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) \
	$(wildcard /usr/local/bin/python3.1[2-9]) $(wildcard /usr/bin/python3.1[2-9]) python3
SYSTEM_PYTHON ?= $(shell for p in $(PYTHON_CANDIDATES); do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p; break; }; done)

.PHONY: help
help:
	@echo "make run        installe, prépare la base (référentiel + démo) et sert http://$(HOST):$(PORT)"
	@echo "make test       contrôle qualité et toute la suite de tests (SQLite, ou DATABASE_URL)"
	@echo "make bench      mesures de performance : recherche, pages de liste, débit sous gunicorn, anonymisation, suivi de la formation, feuille de présence des chantiers (POSTS=100000)"
	@echo "make deployed   le site tel que déployé (réglages de production, gunicorn, PostgreSQL) parcouru dans Chromium"
	@echo "make db         migrations, référentiel géographique et données de démonstration"
	@echo "make lint       ruff (format et règles) et migrations manquantes"
	@echo "make format     reformate le code"
	@echo "make api-schema réécrit docs/api/openapi-v1.yaml, le schéma OpenAPI de l'API (à relire : la v1 ne change que par ajouts)"
	@echo "make geography  reconstruit les fichiers du référentiel géographique depuis les paquets"
	@echo "make targets    reconstruit le registre des mairies et EPCI à prospecter depuis les paquets"

$(VENV)/.installed: pyproject.toml
	@test -n "$(SYSTEM_PYTHON)" || { echo "Python 3.12 ou plus récent est introuvable (python3.13, python3.12)."; exit 1; }
	@echo "Python : $(SYSTEM_PYTHON)"
	test -x $(PY) || $(SYSTEM_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet -e . --group dev
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: install
install: $(VENV)/.installed node_modules/.installed

.PHONY: db
db: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_territories
	$(MANAGE) load_targets
	$(MANAGE) load_training
	$(MANAGE) load_demo

.PHONY: run
run: db
	@echo "Comptes de démonstration : voir README.md."
	@# The links of the e-mails point at the port served (make run PORT=8001), unless SITE_URL says otherwise.
	@trap 'kill 0' EXIT INT TERM; \
	export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	$(MANAGE) db_worker & \
	$(MANAGE) run_scheduler & \
	$(MANAGE) runserver $(HOST):$(PORT)

.PHONY: lint
lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djlint templates tig --lint
	$(VENV)/bin/mypy
	$(MANAGE) makemigrations --check --dry-run

.PHONY: format
format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.PHONY: test
test: lint node_modules/.installed
	$(VENV)/bin/pytest $(PYTEST_ARGS)

.PHONY: deployed
deployed: install
	bash .ci/deployed

# Posts generated for the benchmarks: `make bench POSTS=1000000` (ten times the national offer and more).
POSTS ?= 100000

.PHONY: bench
bench: install
	$(PY) -m bench.search --posts $(POSTS)
	$(PY) -m bench.pages --posts $(POSTS)
	$(PY) -m bench.stats --posts $(POSTS)
	$(PY) -m bench.api --posts $(POSTS)
	$(PY) -m bench.prospecting --posts $(POSTS)
	$(PY) -m bench.training
	$(PY) -m bench.collective
	$(PY) -m bench.measures

.PHONY: api-schema
api-schema: install
	$(MANAGE) spectacular --validate --fail-on-warn --file docs/api/openapi-v1.yaml

.PHONY: geography
geography: install
	$(PY) tig/territories/build_geography.py

.PHONY: targets
targets: install
	$(PY) tig/prospecting/build_targets.py
