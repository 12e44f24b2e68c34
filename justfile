# plinth developer recipes. Every recipe is a plain cargo command; `just` is a convenience.

# Run every test (the README's test command).
test:
    cargo test --workspace

# Formatting and lints exactly as CI checks them.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings

# What CI runs.
ci:
    .ci/run

# Regenerate the committed JSON Schema and blueprint reference after changing the raw types.
schema:
    cargo run -q -p plinth -- schema > docs/blueprint.schema.json
    cargo run -q -p plinth -- schema --format markdown > docs/blueprint-reference.md

# Generate the Terraform of a blueprint into out/<name>/.
generate blueprint="blueprints/full-ecs.toml":
    cargo run -q -p plinth -- generate {{blueprint}} --out out/$(basename {{blueprint}} .toml)

# The Terraform-backed tests alone (fmt, validate, offline plan of every root; module tests).
terraform:
    cargo test -p plinth-tests --test terraform -- --nocapture

# Validate every example blueprint.
validate:
    cargo run -q -p plinth -- validate blueprints/*.toml

# Review pending snapshot changes (needs cargo-insta).
review:
    cargo insta review

# Install the external checkers (moto, checkov, zizmor, check-jsonschema, kubernetes-validate)
# into target/plinth-tools.
tools:
    scripts/tools.sh

# Apply a generated environment to a local AWS emulator (moto), re-plan, destroy; and the rename
# test (apply the old tree, plan the renamed one).
e2e: tools
    PLINTH_REQUIRE_TOOLS=1 cargo test -p plinth-tests --test moto_apply -- --nocapture

# Estimate the monthly cost of a blueprint's environments.
cost blueprint="blueprints/full-ecs.toml":
    cargo run -q -p plinth -- cost {{blueprint}}

# Regenerate docs/modules/ from the modules' variables.tf and outputs.tf.
module-docs:
    PLINTH_UPDATE_DOCS=1 cargo test -p plinth-tests --test module_docs

# Whole-process wall time and peak memory of `plinth generate` (reference and 50x10 blueprints),
# then the criterion benchmark of load -> validate -> emit.
bench:
    scripts/bench.sh
    cargo bench -p plinth-tests --bench compile

# The loader and compile property tests at fuzzing strength: 100k random documents and texts
# through the loader, 100k random valid blueprints through the whole compile.
fuzz cases="100000":
    PLINTH_PROPTEST_CASES={{cases}} cargo test --release -p plinth-tests --test loader_never_panics --test compile_properties -- --nocapture

# List the action pins of crates/workflows/src/pins.rs that are behind their newest release or
# whose SHA is not their tag's commit (needs network: git ls-remote against github.com).
pins:
    scripts/pins.sh
