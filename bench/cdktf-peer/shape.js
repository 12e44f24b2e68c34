// The blueprint's shape: the same rules as tests/scale.rs, so both tools describe one system.
"use strict";

const PROJECT = "scale";
const REGION = "eu-west-1";
const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const ENVIRONMENT_NAMES = [
  "dev", "qa", "test", "uat", "perf", "stage", "demo", "preprod", "dr", "canary", "beta", "prod",
];
const TASK_SIZES = [[256, 512], [512, 1024], [1024, 2048], [256, 1024], [2048, 4096], [512, 2048]];
const BUCKETS = 8;
const SECRETS = 8;
const EMAILS = ["oncall@example.com"];

function count(name, fallback, least, most) {
  const text = process.env[name];
  const value = text === undefined || text === "" ? fallback : Number(text);
  if (!Number.isInteger(value) || value < least || value > most) {
    throw new Error(`${name} must be a whole number from ${least} to ${most}, not ${text}`);
  }
  return value;
}

function environments(total) {
  return [...ENVIRONMENT_NAMES.slice(0, total - 1), "prod"].map((name, position) => {
    const prod = name === "prod";
    const account = String(100000000001 + position).padStart(12, "0");
    return {
      name,
      position,
      prod,
      account,
      domain: `${name}.${PROJECT}.example.com`,
      zoneId: `Z${account}SCALE`,
      natPerAz: prod,
      flowLogs: prod,
      logKms: prod,
      waf: prod,
      spotPercent: !prod && position % 2 === 0 ? 50 : 0,
      dbInstanceClass: prod ? "db.r7g.large" : "db.t4g.medium",
      dbInstances: prod ? 2 : 1,
      dbMonitoring: prod ? 30 : 0,
      cacheReplicas: prod ? 2 : 0,
      budget: prod ? 10000 : 500,
      retention: prod ? 90 : 14,
    };
  });
}

function services(total, env) {
  const list = [];
  const overlaid = total > 0 ? (env.position * 7) % total : -1;
  for (let index = 0; index < total; index++) {
    const name = `svc-${String(index).padStart(2, "0")}`;
    let [cpu, memory] = TASK_SIZES[index % TASK_SIZES.length];
    if (index === overlaid) [cpu, memory] = [1024, 4096];
    const isPublic = index === 0 || index % 5 !== 4;
    const hosts = index > 0 && isPublic && index % 3 === 0 ? [`${name}.${PROJECT}.example.com`] : [];
    const paths = index > 0 && isPublic && index % 3 !== 0 ? [`/${name}/*`, `/v${index % 3}/${name}/*`] : [];
    const secrets = {};
    if (index % 2 === 0) {
      secrets.DB_USER = "database:username";
      secrets.DB_PASSWORD = "database:password";
    }
    if (index % 3 === 0) secrets.REDIS_AUTH = "cache:auth_token";
    if (index % 4 !== 3) secrets.API_KEY = `secret-${index % SECRETS}`;
    if (index % 5 === 1) secrets.SIGNING_KEY = `secret-${(index + 1) % SECRETS}:signing`;
    const autoscaling = index % 3 === 1 ? null : {
      min: 1,
      max: 2 + (index % 6),
      cpu: index % 3 === 0 ? 50 + (index % 30) : 70,
      memory: index % 3 === 0 ? null : 70,
      requests: isPublic && index % 4 === 0 ? 500 + 10 * index : null,
    };
    list.push({
      name,
      index,
      port: 8000 + (index % 7),
      cpu,
      memory,
      isPublic,
      hosts,
      paths,
      secrets,
      usesDatabase: index % 2 === 0,
      usesCache: index % 3 === 0,
      bucket: index % 2 === 0 ? `bucket-${(index / 2) % BUCKETS}` : null,
      autoscaling,
      desired: env.prod ? 2 : 1,
    });
  }
  return list;
}

const json = (value) => JSON.stringify(value);
const assumeRole = (service) => json({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
});

module.exports = { PROJECT, REGION, ZONES, ENVIRONMENT_NAMES, TASK_SIZES, BUCKETS, SECRETS, EMAILS, count, environments, services, json, assumeRole };
