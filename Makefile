# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install system-deps demo test lint bench clean

# Re-install only when pyproject.toml changes: a second `make test` starts at once.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "installing calc-auditor into $(VENV) (log: $(VENV)/install.log)"
	@{ $(PY) -m pip install --disable-pip-version-check --upgrade pip && \
	   $(PY) -m pip install --disable-pip-version-check -e ".[test]"; } > $(VENV)/install.log 2>&1 \
	   || { tail -40 $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

# LibreOffice opens the workbook in a test (a real spreadsheet program must read it).
system-deps:
	@command -v soffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's libreoffice-calc-nogui (used by the workbook test)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; \
	  else echo "LibreOffice (soffice) is missing: install libreoffice-calc-nogui" >&2; exit 1; fi; }

demo: install
	$(VENV)/bin/auditor demo

test: install system-deps
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check auditor tests benchmarks

bench: install
	$(PY) benchmarks/bench_extract.py
	$(PY) benchmarks/bench_workbook.py

clean:
	rm -rf $(VENV) out build *.egg-info
