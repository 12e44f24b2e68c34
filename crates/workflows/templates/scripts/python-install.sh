# shellcheck shell=bash
# One virtualenv, .venv, whichever tool manages the dependencies, put first on PATH so the later
# steps (and any test_commands) run inside it.
# Input: POETRY_VERSION.
set -euo pipefail
if [ -f poetry.lock ]; then
  pipx install "poetry==$POETRY_VERSION"
  poetry config virtualenvs.in-project true
  poetry install --no-interaction
else
  python -m venv .venv
  .venv/bin/python -m pip install --upgrade pip
  for requirements in requirements.txt requirements-dev.txt; do
    if [ -f "$requirements" ]; then
      .venv/bin/python -m pip install --requirement "$requirements"
    fi
  done
fi
echo "$PWD/.venv/bin" >>"$GITHUB_PATH"
