# chiso: `make run` builds the demo province and prints its summary; `make test` runs every check.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export CHISO_HOME ?= $(CURDIR)/data

.PHONY: run test lint bench demo clean system

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

system:
	sh scripts/system-packages.sh

run: $(VENV)/.installed system
	$(BIN)/chiso demo
	$(BIN)/chiso index compute --period 2024-Q2
	$(BIN)/chiso user demo
	@echo "chiso: mở / open http://127.0.0.1:$(PORT)/ (Ctrl+C để dừng / to stop)"
	$(BIN)/chiso serve --host 127.0.0.1 --port $(PORT)

demo: $(VENV)/.installed
	$(BIN)/chiso demo --force

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

test: lint
	sh scripts/system-packages.sh --required
	$(BIN)/pytest

bench: $(VENV)/.installed
	$(BIN)/python -m pip install -q -r requirements-bench.lock
	CHISO_BENCH_BIG_ROWS=$${CHISO_BENCH_BIG_ROWS:-10000000} $(BIN)/python bench/run.py
	$(BIN)/python bench/index.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/web.py --postgres
	$(BIN)/python bench/heavy.py
	$(BIN)/python bench/heavy.py --postgres

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
