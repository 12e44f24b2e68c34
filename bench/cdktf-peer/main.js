// The CDK for Terraform peer of scripts/bench.sh: the stack plinth generates for the blueprint of
// tests/scale.rs, written as a plain JavaScript CDKTF app, so `cdktf synth` can be timed against
// `plinth generate` for the same shape. docs/performance.md describes what it contains.
//
// PEER_ENVIRONMENTS (1..12, default 3) and PEER_SERVICES (default 1) choose the size, as
// `write_scale_blueprint --environments M --services N` does for plinth. One stack per
// environment; every resource is written out (no count/for_each), as a CDKTF app usually does, so
// `cdk.tf.json` holds one entry per resource Terraform would create.
"use strict";

const { App } = require("cdktf");
const { ENVIRONMENT_NAMES, count, environments } = require("./shape");
const { Environment } = require("./environment");

const app = new App();
const serviceCount = count("PEER_SERVICES", 1, 1, 1000);
for (const env of environments(count("PEER_ENVIRONMENTS", 3, 1, ENVIRONMENT_NAMES.length))) {
  new Environment(app, env, serviceCount);
}
app.synth();
