# shellcheck shell=bash
# The plinth release that generated these files, built with the toolchain it declares.
# Inputs: PLINTH_REPOSITORY, PLINTH_VERSION, RUST_VERSION.
set -euo pipefail
rustup toolchain install "$RUST_VERSION" --profile minimal
cargo "+$RUST_VERSION" install --locked --git "$PLINTH_REPOSITORY" --tag "v$PLINTH_VERSION" plinth
