# shellcheck shell=bash
# Lints with the linter the project installs, ruff or else flake8: installing one here would
# apply rules and a version the project never chose.
set -euo pipefail
if command -v ruff >/dev/null; then
  ruff check .
elif command -v flake8 >/dev/null; then
  flake8 .
else
  echo "::notice::Neither ruff nor flake8 is installed in the service's environment; not linting."
fi
