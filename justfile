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

# The Terraform-backed tests alone (fmt, offline plan of every root; every module's own tests).
terraform:
    cargo test -p plinth-tests --features gauntlet --test terraform --test module_tests -- --nocapture

# Validate every example blueprint.
validate:
    cargo run -q -p plinth -- validate blueprints/*.toml

# Review pending snapshot changes (needs cargo-insta).
review:
    cargo insta review

# Install the external checkers (moto, checkov, zizmor, check-jsonschema, kubernetes-validate,
# shellcheck, actionlint, the AWS CLI) into target/plinth-tools. The tests do this themselves on
# first use; this is for running the tools by hand.
tools:
    scripts/tools.sh

# Apply a generated environment to a local AWS emulator (moto), re-plan, destroy; and the rename
# test (apply the old tree, plan the renamed one).
e2e:
    cargo test -p plinth-tests --features gauntlet --test moto_apply -- --nocapture

# The long gauntlet `.ci/run` runs after the README's test command: moto apply (about 40 minutes),
# mock apply and the checkov scans of every root and plan.
gauntlet:
    cargo test -p plinth-tests --features gauntlet --test moto_apply --test mock_apply --test module_tests --test security -- --nocapture

# Estimate the monthly cost of a blueprint's environments.
cost blueprint="blueprints/full-ecs.toml":
    cargo run -q -p plinth -- cost {{blueprint}}

# Regenerate docs/modules/ from the modules' variables.tf and outputs.tf.
module-docs:
    PLINTH_UPDATE_DOCS=1 cargo test -p plinth-tests --test module_docs

# Whole-process wall time and peak memory of `plinth generate` (reference, 1x3 and 50x10
# blueprints) next to CDK for Terraform's `cdktf synth` of the same stack (bench/cdktf-peer; needs
# node, npm and terraform, or pass --no-peer), then the criterion benchmark of load -> validate ->
# emit. Arguments go to scripts/bench.sh: `just bench --no-peer`, `just bench --peer-runs 3`.
bench *args:
    scripts/bench.sh {{args}}
    cargo bench -p plinth-tests --bench compile

# The loader and compile property tests at fuzzing strength: 100k random documents and texts
# through the loader, 100k random valid blueprints through the whole compile.
fuzz cases="100000":
    PLINTH_PROPTEST_CASES={{cases}} cargo test --release -p plinth-tests --test loader_never_panics --test compile_properties -- --nocapture

# List the action pins of crates/workflows/src/pins.rs that are behind their newest release or
# whose SHA is not their tag's commit (needs network: git ls-remote against github.com).
pins:
    scripts/pins.sh
