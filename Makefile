# Wegwijs — two commands for a newcomer: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export RASA_TELEMETRY_ENABLED := false
export WEGWIJS_DB ?= $(CURDIR)/var/socialmap.sqlite

.PHONY: run test setup test-setup data model lint messages bench eval clean

## make run: set everything up, then serve web + Rasa + action server on http://127.0.0.1:8000
run: setup data model
	$(PY) scripts/run_stack.py

## make test: set everything up (incl. browser + axe-core), train the model if needed, run all tests
test: test-setup model lint
	$(PY) -m pytest -q -p no:cacheprovider

setup:
	@bash scripts/setup_venv.sh
	@if ls web/translations/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
		$(VENV)/bin/pybabel -q compile -d web/translations; fi

test-setup: setup
	@bash scripts/setup_test_tools.sh

data: setup
	@mkdir -p var
	$(PY) -m socialmap load-demo --db "$(WEGWIJS_DB)"
	@echo "demo-accounts (wachtwoord wegwijs-demo):"
	@$(VENV)/bin/flask --app web create-demo-users

model: setup
	$(PY) scripts/train_bot.py

## make messages: after changing UI texts, refresh the catalogue; then translate the new msgids in
## web/translations/en/LC_MESSAGES/messages.po (tests/web/test_i18n.py checks that none is missing)
messages: setup
	$(VENV)/bin/pybabel -q extract -F babel.cfg -o web/translations/messages.pot .
	$(VENV)/bin/pybabel -q update -i web/translations/messages.pot -d web/translations -w 100
	@$(PY) -c "from babel.messages.pofile import read_po; \
		c = read_po(open('web/translations/en/LC_MESSAGES/messages.po', 'rb')); \
		m = [x.id for x in c if x.id and (x.fuzzy or not all(x.string if isinstance(x.string, tuple) else (x.string,)))]; \
		print(str(len(m)) + ' texts to translate in web/translations/en/LC_MESSAGES/messages.po', *m, sep=chr(10) + '  ')"

## make lint: ruff, and the dependency rules between the parts (.importlinter, design §2)
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

## make bench: speed and memory numbers (design §9)
bench: setup model data
	$(PY) -m tools.search_bench
	$(PY) bot/bench.py
	$(PY) scripts/bench_stack.py

## make eval: search quality (recall@5, nDCG@10, MRR by style; beside PostgreSQL dutch FTS and e5 alone) and NLU figures
eval: setup model
	$(PY) -m tools.search_eval
	$(PY) bot/evaluation/evaluate_nlu.py

clean:
	rm -rf var bot/models bot/.rasa .pytest_cache

## make test-elasticsearch: the search conformance suite against a node (docs/elasticsearch.md)
test-elasticsearch: setup
	ELASTICSEARCH_URL=$${ELASTICSEARCH_URL:-http://127.0.0.1:9200} $(PY) -m pytest -q -p no:cacheprovider \
		-m elasticsearch tests/socialmap/test_search_filters.py tests/socialmap/test_backend_conformance.py
