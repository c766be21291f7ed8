# The two commands a new user needs: `make run` and `make test`. Each sets itself up first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed
AUDIO_STAMP   := $(VENV)/.audio-installed
LOCAL_STAMP   := $(VENV)/.local-installed
# The audio build: gtts (Google's host) or espeak (offline, espeak-ng); LOCALES empty = all.
ENGINE  ?= gtts
LOCALES ?=

.PHONY: run test serve model lint bench clean setup eval annotations audio audio-upload espeak build-SkillFunction

$(BIN)/python:
	@echo "Creating $(VENV) (first run only)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.txt | $(BIN)/python
	@echo "Installing the skill's packages from requirements.txt (about a minute the first time)..."
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt requirements-audio.txt | $(BIN)/python
	@echo "Installing the skill's and the tests' packages (a minute or two the first time)..."
	$(BIN)/pip install --quiet -r requirements-dev.txt -r requirements-audio.txt
	touch $@ $(RUNTIME_STAMP) $(AUDIO_STAMP)

$(AUDIO_STAMP): requirements.txt requirements-audio.txt | $(BIN)/python
	@echo "Installing the audio build's packages..."
	$(BIN)/pip install --quiet -r requirements-audio.txt
	touch $@ $(RUNTIME_STAMP)

## espeak: the offline voice for audio previews and the tests (Debian's espeak-ng), when missing
espeak:
	@command -v espeak-ng >/dev/null || { \
	  echo "Installing espeak-ng (apt-get)..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng >/dev/null; }


# The local conversation's classifier (scikit-learn): for make run, test and eval, never Lambda.
$(LOCAL_STAMP): requirements-local.txt | $(BIN)/python
	@echo "Installing the local conversation's packages from requirements-local.txt..."
	$(BIN)/pip install --quiet -r requirements-local.txt
	touch $@

setup: $(RUNTIME_STAMP) $(LOCAL_STAMP)

## run: set up, then talk to the skill in the terminal (SQLite notes in var/)
run: $(RUNTIME_STAMP) $(LOCAL_STAMP)
	$(BIN)/python -m skill chat

## serve: set up, then start the HTTP endpoint for Alexa on 127.0.0.1:8000
serve: $(RUNTIME_STAMP)
	$(BIN)/python -m skill serve $(SERVE_ARGS)

## test: set up, check the generated interaction model is current, run every test
test: $(DEV_STAMP) $(LOCAL_STAMP) espeak
	$(BIN)/python -m skill model check
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

## model: regenerate interaction_model/ from the content files
model: $(RUNTIME_STAMP) $(LOCAL_STAMP)
	$(BIN)/python -m skill model build

## lint: validate the SAM template offline
lint: $(DEV_STAMP)
	$(BIN)/cfn-lint template.yaml


## eval: understanding measured on the held-out corpora in tests/evaluation/ (every miss listed)
eval: $(DEV_STAMP) $(LOCAL_STAMP)
	$(BIN)/python -m skill eval $(EVAL_ARGS)

## annotations: the same corpora as Alexa NLU annotation sets, for Amazon's NLU Evaluation Tool
annotations: $(DEV_STAMP)
	$(BIN)/python -m skill eval --export var/annotations

## bench: the skill's figures beside a bare skill's (cold start, warm requests, the server,
## memory), how reading the newest notes scales, how long one chat turn takes and how long
## the safety rules take to read one phrasing; every
## baseline measured in the same run
bench: $(DEV_STAMP) $(LOCAL_STAMP)
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/notes_read.py
	$(BIN)/python benchmarks/chat_turn.py
	$(BIN)/python benchmarks/safety_read.py

## audio: render the narrated series into audio/ (make audio ENGINE=espeak offline)
audio: $(AUDIO_STAMP) $(if $(filter espeak,$(ENGINE)),espeak)
	$(BIN)/python -m skill audio build --engine $(ENGINE) $(foreach l,$(LOCALES),--locale $(l))

## audio-upload: copy a build and its podcast feeds to the stack's bucket (needs AWS credentials)
audio-upload: $(AUDIO_STAMP)
	$(BIN)/python -m skill audio upload --stack $(or $(STACK),painchats)

clean:
	rm -rf $(VENV) var .pytest_cache

## build-SkillFunction: what `sam build` runs for the Lambda (template.yaml, BuildMethod makefile):
## the runtime's packages and the skill, without the local conversation, with bytecode compiled,
## since Lambda's code is read-only and would compile the skill on every cold start (README, Figures)
build-SkillFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it)"; exit 2; }
	$(PYTHON) -m pip install --quiet -r requirements.txt --target "$(ARTIFACTS_DIR)"
	rm -rf "$(ARTIFACTS_DIR)/skill" && cp -R skill "$(ARTIFACTS_DIR)/skill"
	rm -rf "$(ARTIFACTS_DIR)/skill/local"
	find "$(ARTIFACTS_DIR)/skill" -name __pycache__ -prune -exec rm -rf {} +
	$(PYTHON) -m compileall -q --invalidation-mode unchecked-hash "$(ARTIFACTS_DIR)/skill"
