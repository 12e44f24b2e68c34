// The CDK for Terraform peer of scripts/bench.sh: the stack plinth generates for the blueprint of
// tests/scale.rs, written as a plain JavaScript CDKTF app, so `cdktf synth` can be timed against
// `plinth generate` for the same shape. docs/performance.md describes what it contains.
//
// PEER_ENVIRONMENTS (1..12, default 3) and PEER_SERVICES (default 1) choose the size, as
// `write_scale_blueprint --environments M --services N` does for plinth. One stack per
// environment; every resource is written out (no count/for_each), as a CDKTF app usually does, so
// `cdk.tf.json` holds one entry per resource Terraform would create.
"use strict";

const { App, TerraformStack, S3Backend, TerraformOutput, DataResource, Fn } = require("cdktf");
const { Construct } = require("constructs");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const { Vpc } = require("@cdktf/provider-aws/lib/vpc");
const { DefaultSecurityGroup } = require("@cdktf/provider-aws/lib/default-security-group");
const { InternetGateway } = require("@cdktf/provider-aws/lib/internet-gateway");
const { Subnet } = require("@cdktf/provider-aws/lib/subnet");
const { RouteTable } = require("@cdktf/provider-aws/lib/route-table");
const { Route } = require("@cdktf/provider-aws/lib/route");
const { RouteTableAssociation } = require("@cdktf/provider-aws/lib/route-table-association");
const { Eip } = require("@cdktf/provider-aws/lib/eip");
const { NatGateway } = require("@cdktf/provider-aws/lib/nat-gateway");
const { FlowLog } = require("@cdktf/provider-aws/lib/flow-log");
const { VpcEndpoint } = require("@cdktf/provider-aws/lib/vpc-endpoint");
const { SecurityGroup } = require("@cdktf/provider-aws/lib/security-group");
const { VpcSecurityGroupIngressRule } = require("@cdktf/provider-aws/lib/vpc-security-group-ingress-rule");
const { VpcSecurityGroupEgressRule } = require("@cdktf/provider-aws/lib/vpc-security-group-egress-rule");
const { CloudwatchLogGroup } = require("@cdktf/provider-aws/lib/cloudwatch-log-group");
const { IamRole } = require("@cdktf/provider-aws/lib/iam-role");
const { IamRolePolicy } = require("@cdktf/provider-aws/lib/iam-role-policy");
const { IamRolePolicyAttachment } = require("@cdktf/provider-aws/lib/iam-role-policy-attachment");
const { EcsCluster } = require("@cdktf/provider-aws/lib/ecs-cluster");
const { EcsClusterCapacityProviders } = require("@cdktf/provider-aws/lib/ecs-cluster-capacity-providers");
const { EcsTaskDefinition } = require("@cdktf/provider-aws/lib/ecs-task-definition");
const { EcsService } = require("@cdktf/provider-aws/lib/ecs-service");
const { ServiceDiscoveryPrivateDnsNamespace } = require("@cdktf/provider-aws/lib/service-discovery-private-dns-namespace");
const { ServiceDiscoveryService } = require("@cdktf/provider-aws/lib/service-discovery-service");
const { EcrRepository } = require("@cdktf/provider-aws/lib/ecr-repository");
const { EcrLifecyclePolicy } = require("@cdktf/provider-aws/lib/ecr-lifecycle-policy");
const { Lb } = require("@cdktf/provider-aws/lib/lb");
const { LbTargetGroup } = require("@cdktf/provider-aws/lib/lb-target-group");
const { LbListener } = require("@cdktf/provider-aws/lib/lb-listener");
const { LbListenerRule } = require("@cdktf/provider-aws/lib/lb-listener-rule");
const { AcmCertificate } = require("@cdktf/provider-aws/lib/acm-certificate");
const { AcmCertificateValidation } = require("@cdktf/provider-aws/lib/acm-certificate-validation");
const { Route53Record } = require("@cdktf/provider-aws/lib/route53-record");
const { AppautoscalingTarget } = require("@cdktf/provider-aws/lib/appautoscaling-target");
const { AppautoscalingPolicy } = require("@cdktf/provider-aws/lib/appautoscaling-policy");
const { CloudwatchMetricAlarm } = require("@cdktf/provider-aws/lib/cloudwatch-metric-alarm");
const { CloudwatchDashboard } = require("@cdktf/provider-aws/lib/cloudwatch-dashboard");
const { DbSubnetGroup } = require("@cdktf/provider-aws/lib/db-subnet-group");
const { DbParameterGroup } = require("@cdktf/provider-aws/lib/db-parameter-group");
const { RdsClusterParameterGroup } = require("@cdktf/provider-aws/lib/rds-cluster-parameter-group");
const { RdsCluster } = require("@cdktf/provider-aws/lib/rds-cluster");
const { RdsClusterInstance } = require("@cdktf/provider-aws/lib/rds-cluster-instance");
const { ElasticacheSubnetGroup } = require("@cdktf/provider-aws/lib/elasticache-subnet-group");
const { ElasticacheParameterGroup } = require("@cdktf/provider-aws/lib/elasticache-parameter-group");
const { ElasticacheReplicationGroup } = require("@cdktf/provider-aws/lib/elasticache-replication-group");
const { S3Bucket } = require("@cdktf/provider-aws/lib/s3-bucket");
const { S3BucketPublicAccessBlock } = require("@cdktf/provider-aws/lib/s3-bucket-public-access-block");
const { S3BucketOwnershipControls } = require("@cdktf/provider-aws/lib/s3-bucket-ownership-controls");
const { S3BucketVersioningA } = require("@cdktf/provider-aws/lib/s3-bucket-versioning");
const { S3BucketServerSideEncryptionConfigurationA } = require("@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration");
const { S3BucketPolicy } = require("@cdktf/provider-aws/lib/s3-bucket-policy");
const { S3BucketLifecycleConfiguration } = require("@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration");
const { KmsKey } = require("@cdktf/provider-aws/lib/kms-key");
const { KmsAlias } = require("@cdktf/provider-aws/lib/kms-alias");
const { SecretsmanagerSecret } = require("@cdktf/provider-aws/lib/secretsmanager-secret");
const { SecretsmanagerSecretVersion } = require("@cdktf/provider-aws/lib/secretsmanager-secret-version");
const { SnsTopic } = require("@cdktf/provider-aws/lib/sns-topic");
const { SnsTopicPolicy } = require("@cdktf/provider-aws/lib/sns-topic-policy");
const { SnsTopicSubscription } = require("@cdktf/provider-aws/lib/sns-topic-subscription");
const { BudgetsBudget } = require("@cdktf/provider-aws/lib/budgets-budget");
const { Wafv2WebAcl } = require("@cdktf/provider-aws/lib/wafv2-web-acl");
const { Wafv2WebAclAssociation } = require("@cdktf/provider-aws/lib/wafv2-web-acl-association");
const { Wafv2WebAclLoggingConfiguration } = require("@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration");

// ---------------------------------------------------------------------------------------------
// The blueprint's shape: the same rules as tests/scale.rs, so both tools describe one system.
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Constructs
// ---------------------------------------------------------------------------------------------

class Network extends Construct {
  constructor(scope, id, props) {
    super(scope, id);
    const { name, env } = props;
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: "10.0.0.0/16",
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: name },
    });
    new DefaultSecurityGroup(this, "default", { vpcId: this.vpc.id, tags: { Name: `${name}-default` } });
    const igw = new InternetGateway(this, "igw", { vpcId: this.vpc.id, tags: { Name: name } });
    const subnet = (tier, zone, offset) => new Subnet(this, `${tier}-${zone}`, {
      vpcId: this.vpc.id,
      availabilityZone: ZONES[zone],
      cidrBlock: `10.0.${(offset + zone) * 16}.0/20`,
      mapPublicIpOnLaunch: false,
      tags: { Name: `${name}-${tier}-${ZONES[zone]}`, Tier: tier },
    });
    this.publicSubnets = ZONES.map((_, zone) => subnet("public", zone, 0));
    this.appSubnets = ZONES.map((_, zone) => subnet("app", zone, 3));
    this.dataSubnets = ZONES.map((_, zone) => subnet("data", zone, 6));
    this.appCidrs = ZONES.map((_, zone) => `10.0.${(3 + zone) * 16}.0/20`);

    const publicRoutes = new RouteTable(this, "public-rt", { vpcId: this.vpc.id, tags: { Name: `${name}-public` } });
    new Route(this, "public-internet", {
      routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id,
    });
    this.publicSubnets.forEach((s, zone) => new RouteTableAssociation(this, `public-rta-${zone}`, {
      subnetId: s.id, routeTableId: publicRoutes.id,
    }));
    const nats = (env.natPerAz ? ZONES : ZONES.slice(0, 1)).map((_, zone) => {
      const eip = new Eip(this, `nat-eip-${zone}`, { domain: "vpc", tags: { Name: `${name}-nat-${zone}` } });
      return new NatGateway(this, `nat-${zone}`, {
        allocationId: eip.id,
        subnetId: this.publicSubnets[zone].id,
        tags: { Name: `${name}-nat-${zone}` },
        dependsOn: [igw],
      });
    });
    this.appRouteTables = ZONES.map((_, zone) => {
      const table = new RouteTable(this, `app-rt-${zone}`, { vpcId: this.vpc.id, tags: { Name: `${name}-app-${zone}` } });
      new Route(this, `app-nat-${zone}`, {
        routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nats[nats.length > 1 ? zone : 0].id,
      });
      new RouteTableAssociation(this, `app-rta-${zone}`, { subnetId: this.appSubnets[zone].id, routeTableId: table.id });
      return table;
    });
    const dataRoutes = new RouteTable(this, "data-rt", { vpcId: this.vpc.id, tags: { Name: `${name}-data` } });
    this.dataSubnets.forEach((s, zone) => new RouteTableAssociation(this, `data-rta-${zone}`, {
      subnetId: s.id, routeTableId: dataRoutes.id,
    }));

    if (env.flowLogs) {
      const logs = new CloudwatchLogGroup(this, "flow-logs", { name: `/vpc/${name}/flow-logs`, retentionInDays: env.retention });
      const role = new IamRole(this, "flow-logs-role", {
        name: `${name}-flow-logs`, assumeRolePolicy: assumeRole("vpc-flow-logs.amazonaws.com"),
      });
      new IamRolePolicy(this, "flow-logs-policy", {
        name: "flow-logs",
        role: role.id,
        policy: json({
          Version: "2012-10-17",
          Statement: [{
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: `${logs.arn}:*`,
          }],
        }),
      });
      new FlowLog(this, "flow-log", {
        vpcId: this.vpc.id, trafficType: "ALL", logDestination: logs.arn, iamRoleArn: role.arn,
      });
    }

    new VpcEndpoint(this, "endpoint-s3", {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${REGION}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [...this.appRouteTables.map((t) => t.id), dataRoutes.id],
      tags: { Name: `${name}-s3` },
    });
    const endpointsSg = new SecurityGroup(this, "endpoints-sg", {
      name: `${name}-vpc-endpoints`,
      description: "Interface endpoints: HTTPS from the VPC",
      vpcId: this.vpc.id,
      ingress: [{ description: "HTTPS from the VPC", fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["10.0.0.0/16"] }],
    });
    for (const service of ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]) {
      new VpcEndpoint(this, `endpoint-${service}`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${REGION}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: this.appSubnets.map((s) => s.id),
        securityGroupIds: [endpointsSg.id],
        tags: { Name: `${name}-${service}` },
      });
    }
  }
}

class Bucket extends Construct {
  constructor(scope, id, props) {
    super(scope, id);
    const { bucketName, versioning, kms, lifecycle } = props;
    let key;
    if (kms) {
      key = new KmsKey(this, "key", { description: `Objects of ${bucketName}`, enableKeyRotation: true, deletionWindowInDays: 30 });
      new KmsAlias(this, "alias", { name: `alias/${bucketName}`, targetKeyId: key.keyId });
    }
    this.bucket = new S3Bucket(this, "bucket", { bucket: bucketName, forceDestroy: true });
    this.key = key;
    new S3BucketPublicAccessBlock(this, "public-access", {
      bucket: this.bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketVersioningA(this, "versioning", {
      bucket: this.bucket.id, versioningConfiguration: { status: versioning ? "Enabled" : "Suspended" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      rule: [{
        applyServerSideEncryptionByDefault: kms ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } : { sseAlgorithm: "AES256" },
        bucketKeyEnabled: kms,
      }],
    });
    new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      policy: json({
        Version: "2012-10-17",
        Statement: [{
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }],
      }),
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        { id: "abort-incomplete-uploads", status: "Enabled", filter: [{}], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] },
        ...lifecycle.map((rule, n) => ({
          id: `rule-${n + 1}`, status: "Enabled", filter: [{ prefix: rule.prefix }], expiration: [{ days: rule.expireDays }],
        })),
      ],
    });
  }
}

class LoadBalancer extends Construct {
  constructor(scope, id, props) {
    super(scope, id);
    const { name, network, certificateArn, env, services } = props;
    this.sg = new SecurityGroup(this, "sg", { namePrefix: `${name}-alb-`, description: `Load balancer of ${name}`, vpcId: network.vpc.id });
    for (const port of [80, 443]) {
      new VpcSecurityGroupIngressRule(this, `ingress-${port}`, {
        securityGroupId: this.sg.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: port, toPort: port, description: `Port ${port} from anywhere`,
      });
    }
    new VpcSecurityGroupEgressRule(this, "egress", {
      securityGroupId: this.sg.id, cidrIpv4: "10.0.0.0/16", ipProtocol: "tcp", fromPort: 1, toPort: 65535, description: "To the targets",
    });
    this.lb = new Lb(this, "alb", {
      name,
      loadBalancerType: "application",
      internal: false,
      securityGroups: [this.sg.id],
      subnets: network.publicSubnets.map((s) => s.id),
      dropInvalidHeaderFields: true,
      enableDeletionProtection: env.prod,
      idleTimeout: 60,
    });
    new LbListener(this, "http", {
      loadBalancerArn: this.lb.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }],
    });
    // A target group per public service; the default one (svc-00) takes what no rule routes.
    this.targetGroups = {};
    for (const svc of services.filter((s) => s.isPublic)) {
      this.targetGroups[svc.name] = new LbTargetGroup(this, `tg-${svc.name}`, {
        namePrefix: `t${String(svc.index).padStart(2, "0")}`,
        port: svc.port,
        protocol: "HTTP",
        targetType: "ip",
        vpcId: network.vpc.id,
        deregistrationDelay: "30",
        healthCheck: { path: `/${svc.name}/health`, matcher: "200-399", interval: 15, healthyThreshold: 2, unhealthyThreshold: 3 },
        lifecycle: { createBeforeDestroy: true },
      });
    }
    this.https = new LbListener(this, "https", {
      loadBalancerArn: this.lb.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn,
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroups[services[0].name].arn }],
    });
    for (const svc of services.filter((s) => s.isPublic && (s.hosts.length > 0 || s.paths.length > 0))) {
      new LbListenerRule(this, `rule-${svc.name}`, {
        listenerArn: this.https.arn,
        priority: 100 + svc.index,
        action: [{ type: "forward", targetGroupArn: this.targetGroups[svc.name].arn }],
        condition: svc.hosts.length > 0 ? [{ hostHeader: { values: svc.hosts } }] : [{ pathPattern: { values: svc.paths } }],
      });
    }
  }
}

class Service extends Construct {
  constructor(scope, id, props) {
    super(scope, id);
    const { env, prefix, svc, network, cluster, namespace, alb, repository, database, cache, secrets, buckets, topic, logKey } = props;
    const qualified = `${prefix}-${svc.name}`;
    const logs = new CloudwatchLogGroup(this, "logs", {
      name: `/plinth/${prefix}/${svc.name}`, retentionInDays: env.retention, kmsKeyId: logKey ? logKey.arn : undefined,
    });
    const execution = new IamRole(this, "execution", {
      name: `${qualified}-exec`, description: `ECS task execution role of ${svc.name}`, assumeRolePolicy: assumeRole("ecs-tasks.amazonaws.com"),
    });
    const executionAttachment = new IamRolePolicyAttachment(this, "execution-managed", {
      role: execution.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
    });
    const secretValues = {};
    const secretArns = new Set();
    for (const [key, ref] of Object.entries(svc.secrets)) {
      if (ref.startsWith("database:")) {
        secretValues[key] = `${database.cluster.masterUserSecret.get(0).secretArn}:${ref.split(":")[1]}::`;
        secretArns.add(database.cluster.masterUserSecret.get(0).secretArn);
      } else if (ref.startsWith("cache:")) {
        secretValues[key] = `${cache.authSecret.arn}:auth_token::`;
        secretArns.add(cache.authSecret.arn);
      } else {
        const [secret, jsonKey] = ref.split(":");
        secretValues[key] = jsonKey ? `${secrets[secret].arn}:${jsonKey}::` : secrets[secret].arn;
        secretArns.add(secrets[secret].arn);
      }
    }
    const policies = [executionAttachment];
    if (secretArns.size > 0) {
      policies.push(new IamRolePolicy(this, "execution-secrets", {
        name: "secrets",
        role: execution.id,
        policy: json({
          Version: "2012-10-17",
          Statement: [{ Sid: "ReadServiceSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [...secretArns] }],
        }),
      }));
    }
    const task = new IamRole(this, "task", {
      name: `${qualified}-task`, description: `ECS task role of ${svc.name}`, assumeRolePolicy: assumeRole("ecs-tasks.amazonaws.com"),
    });
    if (svc.usesDatabase) {
      new IamRolePolicy(this, "task-database", {
        name: "database-credentials",
        role: task.id,
        policy: json({
          Version: "2012-10-17",
          Statement: [{
            Sid: "ReadDatabaseCredentials",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: database.cluster.masterUserSecret.get(0).secretArn,
          }],
        }),
      });
    }
    const environment = { LOG_LEVEL: "info", SERVICE_NAME: svc.name };
    if (svc.bucket) {
      const bucket = buckets[svc.bucket];
      environment[`BUCKET_${svc.bucket.toUpperCase().replace(/-/g, "_")}`] = bucket.bucket.bucket;
      const statements = [
        { Sid: "ListBuckets", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: [bucket.bucket.arn] },
        { Sid: "ReadWriteObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: [`${bucket.bucket.arn}/*`] },
      ];
      if (bucket.key) {
        statements.push({
          Sid: "UseBucketKeys", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [bucket.key.arn],
          Condition: { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } },
        });
      }
      policies.push(new IamRolePolicy(this, "task-s3", { name: "s3", role: task.id, policy: json({ Version: "2012-10-17", Statement: statements }) }));
    }
    if (svc.usesDatabase) {
      Object.assign(environment, {
        DATABASE_HOST: database.cluster.endpoint, DATABASE_PORT: "5432", DATABASE_NAME: PROJECT,
        DATABASE_SECRET_ARN: database.cluster.masterUserSecret.get(0).secretArn,
      });
    }
    if (svc.usesCache) {
      Object.assign(environment, { CACHE_HOST: cache.group.primaryEndpointAddress, CACHE_PORT: "6379", CACHE_TLS: "true" });
    }
    const container = {
      name: svc.name,
      image: `${repository.repositoryUrl}:latest`,
      essential: true,
      portMappings: [{ containerPort: svc.port, hostPort: svc.port, protocol: "tcp" }],
      environment: Object.keys(environment).sort().map((name) => ({ name, value: environment[name] })),
      secrets: Object.keys(secretValues).sort().map((name) => ({ name, valueFrom: secretValues[name] })),
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": logs.name, "awslogs-region": REGION, "awslogs-stream-prefix": "ecs" },
      },
      readonlyRootFilesystem: true,
      mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
      privileged: false,
      user: "1000:1000",
    };
    const definition = new EcsTaskDefinition(this, "task-definition", {
      family: qualified,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(svc.cpu),
      memory: String(svc.memory),
      executionRoleArn: execution.arn,
      taskRoleArn: task.arn,
      containerDefinitions: json([container]),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      volume: [{ name: "tmp" }],
    });
    this.sg = new SecurityGroup(this, "sg", {
      namePrefix: `${qualified}-tasks-`, description: `ECS tasks of ${svc.name}`, vpcId: network.vpc.id,
      tags: { Name: `${qualified}-tasks` }, lifecycle: { createBeforeDestroy: true },
    });
    let registry;
    if (svc.isPublic) {
      new VpcSecurityGroupIngressRule(this, "from-alb", {
        securityGroupId: this.sg.id, referencedSecurityGroupId: alb.sg.id, ipProtocol: "tcp", fromPort: 1, toPort: 65535,
        description: "Traffic and health checks from the load balancer",
      });
    } else {
      network.appCidrs.forEach((cidr, zone) => new VpcSecurityGroupIngressRule(this, `internal-${zone}`, {
        securityGroupId: this.sg.id, cidrIpv4: cidr, ipProtocol: "tcp", fromPort: svc.port, toPort: svc.port,
        description: `Traffic from services in ${cidr} to the container port`,
      }));
      registry = new ServiceDiscoveryService(this, "discovery", {
        name: svc.name,
        dnsConfig: { namespaceId: namespace.id, routingPolicy: "MULTIVALUE", dnsRecords: [{ ttl: 10, type: "A" }] },
      });
    }
    new VpcSecurityGroupEgressRule(this, "egress", {
      securityGroupId: this.sg.id, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", description: "All outbound traffic",
    });
    const targetGroup = alb.targetGroups[svc.name];
    const strategy = [{ capacityProvider: "FARGATE", base: 1, weight: 100 - env.spotPercent }];
    if (env.spotPercent > 0) strategy.push({ capacityProvider: "FARGATE_SPOT", base: 0, weight: env.spotPercent });
    const service = new EcsService(this, "service", {
      name: svc.name,
      cluster: cluster.arn,
      taskDefinition: definition.arn,
      desiredCount: svc.desired,
      platformVersion: "LATEST",
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      healthCheckGracePeriodSeconds: svc.isPublic ? 60 : undefined,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      capacityProviderStrategy: strategy,
      networkConfiguration: { subnets: network.appSubnets.map((s) => s.id), securityGroups: [this.sg.id], assignPublicIp: false },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      loadBalancer: targetGroup ? [{ targetGroupArn: targetGroup.arn, containerName: svc.name, containerPort: svc.port }] : undefined,
      serviceRegistries: registry ? { registryArn: registry.arn } : undefined,
      lifecycle: { ignoreChanges: ["desired_count", "task_definition"] },
      dependsOn: policies,
    });
    const scaling = svc.autoscaling || { min: svc.desired, max: svc.desired };
    const target = new AppautoscalingTarget(this, "scaling-target", {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/${cluster.name}/${service.name}`,
      minCapacity: scaling.min,
      maxCapacity: scaling.max,
    });
    const policy = (kind, metric, value, label) => new AppautoscalingPolicy(this, `scale-${kind}`, {
      name: `${qualified}-${kind}`,
      policyType: "TargetTrackingScaling",
      serviceNamespace: target.serviceNamespace,
      scalableDimension: target.scalableDimension,
      resourceId: target.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: value,
        scaleInCooldown: 300,
        scaleOutCooldown: 60,
        predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel: label },
      },
    });
    if (svc.autoscaling) {
      policy("cpu", "ECSServiceAverageCPUUtilization", svc.autoscaling.cpu);
      if (svc.autoscaling.memory) policy("memory", "ECSServiceAverageMemoryUtilization", svc.autoscaling.memory);
      if (svc.autoscaling.requests && targetGroup) {
        policy("requests", "ALBRequestCountPerTarget", svc.autoscaling.requests, `${alb.lb.arnSuffix}/${targetGroup.arnSuffix}`);
      }
    }

    // Alarms: CPU, memory and running tasks; per load-balanced service 5xx, unhealthy hosts and
    // latency.
    const alarm = (kind, props) => new CloudwatchMetricAlarm(this, `alarm-${kind}`, {
      alarmName: `${qualified}-${kind}`,
      evaluationPeriods: 2,
      period: 300,
      alarmActions: [topic.arn],
      okActions: [topic.arn],
      treatMissingData: "notBreaching",
      ...props,
    });
    const ecsDimensions = { ClusterName: cluster.name, ServiceName: svc.name };
    alarm("cpu", { namespace: "AWS/ECS", metricName: "CPUUtilization", statistic: "Average", comparisonOperator: "GreaterThanThreshold", threshold: 75, dimensions: ecsDimensions });
    alarm("memory", { namespace: "AWS/ECS", metricName: "MemoryUtilization", statistic: "Average", comparisonOperator: "GreaterThanThreshold", threshold: 80, dimensions: ecsDimensions });
    alarm("running-tasks", { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", statistic: "Minimum", comparisonOperator: "LessThanThreshold", threshold: 1, treatMissingData: "breaching", dimensions: ecsDimensions });
    if (targetGroup) {
      const tgDimensions = { LoadBalancer: alb.lb.arnSuffix, TargetGroup: targetGroup.arnSuffix };
      alarm("5xx", { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", statistic: "Sum", comparisonOperator: "GreaterThanThreshold", threshold: 10, dimensions: tgDimensions });
      alarm("unhealthy", { namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount", statistic: "Maximum", comparisonOperator: "GreaterThanThreshold", threshold: 0, dimensions: tgDimensions });
      alarm("latency-p95", { namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", extendedStatistic: "p95", comparisonOperator: "GreaterThanThreshold", threshold: 1, dimensions: tgDimensions });
      alarm("latency-p99", { namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", extendedStatistic: "p99", comparisonOperator: "GreaterThanThreshold", threshold: 3, dimensions: tgDimensions });
    }
    this.widgets = [
      { type: "metric", width: 12, height: 6, properties: { title: `${svc.name}: CPU and memory`, region: REGION, metrics: [["AWS/ECS", "CPUUtilization", "ClusterName", cluster.name, "ServiceName", svc.name], [".", "MemoryUtilization", ".", ".", ".", "."]] } },
    ];
    if (targetGroup) {
      this.widgets.push({ type: "metric", width: 12, height: 6, properties: { title: `${svc.name}: requests and errors`, region: REGION, metrics: [["AWS/ApplicationELB", "RequestCount", "TargetGroup", targetGroup.arnSuffix, "LoadBalancer", alb.lb.arnSuffix], [".", "HTTPCode_Target_5XX_Count", ".", ".", ".", "."]] } });
    }
  }
}

class Environment extends TerraformStack {
  constructor(scope, env, serviceCount) {
    super(scope, env.name);
    const prefix = `${PROJECT}-${env.name}`;
    const svcs = services(serviceCount, env);

    new AwsProvider(this, "aws", {
      region: REGION,
      allowedAccountIds: [env.account],
      assumeRole: [{ roleArn: `arn:aws:iam::${env.account}:role/plinth-terraform`, sessionName: `plinth-${prefix}` }],
      defaultTags: [{ tags: { Project: PROJECT, Environment: env.name, Owner: "platform-team", CostCenter: "cc-1000", ManagedBy: "cdktf", Stack: prefix, Product: PROJECT } }],
    });
    const backend = new S3Backend(this, {
      bucket: `${PROJECT}-tfstate-${env.account}`,
      key: `${PROJECT}/${env.name}/terraform.tfstate`,
      region: REGION,
      encrypt: true,
      kmsKeyId: `arn:aws:kms:${REGION}:${env.account}:alias/${PROJECT}-tfstate-${env.account}-state`,
    });
    backend.addOverride("use_lockfile", true);

    const network = new Network(this, "network", { name: prefix, env });

    const cluster = new EcsCluster(this, "cluster", { name: prefix, setting: [{ name: "containerInsights", value: "enabled" }] });
    const strategy = [{ capacityProvider: "FARGATE", base: 1, weight: 100 - env.spotPercent }];
    if (env.spotPercent > 0) strategy.push({ capacityProvider: "FARGATE_SPOT", base: 0, weight: env.spotPercent });
    new EcsClusterCapacityProviders(this, "capacity-providers", {
      clusterName: cluster.name, capacityProviders: ["FARGATE", "FARGATE_SPOT"], defaultCapacityProviderStrategy: strategy,
    });
    const namespace = svcs.some((s) => !s.isPublic)
      ? new ServiceDiscoveryPrivateDnsNamespace(this, "namespace", { name: `${prefix}.internal`, vpc: network.vpc.id })
      : undefined;

    const repositories = {};
    for (const svc of svcs) {
      const repository = new EcrRepository(this, `ecr-${svc.name}`, {
        name: `${prefix}/${svc.name}`,
        imageTagMutability: "IMMUTABLE",
        forceDelete: !env.prod,
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS" }],
      });
      new EcrLifecyclePolicy(this, `ecr-lifecycle-${svc.name}`, {
        repository: repository.name,
        policy: json({ rules: [{ rulePriority: 1, description: "Keep the last 30 images", selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 30 }, action: { type: "expire" } }] }),
      });
      repositories[svc.name] = repository;
    }

    const secrets = {};
    for (let n = 0; n < SECRETS; n++) {
      secrets[`secret-${n}`] = new SecretsmanagerSecret(this, `secret-${n}`, {
        name: `${prefix}/secret-${n}`, description: `Third-party credential ${n}`, recoveryWindowInDays: env.prod ? 30 : 0,
      });
    }

    const buckets = {};
    for (let n = 0; n < BUCKETS; n++) {
      buckets[`bucket-${n}`] = new Bucket(this, `bucket-${n}`, {
        bucketName: `${prefix}-bucket-${n}-${env.account}`,
        versioning: n % 2 === 0,
        kms: n % 3 === 0,
        lifecycle: n % 2 === 1 ? [{ prefix: "tmp/", expireDays: 7 + n }] : [],
      });
    }

    let logKey;
    if (env.logKms) {
      logKey = new KmsKey(this, "log-key", {
        description: `CloudWatch Logs of ${prefix}`,
        enableKeyRotation: true,
        policy: json({
          Version: "2012-10-17",
          Statement: [
            { Sid: "Account", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${env.account}:root` }, Action: "kms:*", Resource: "*" },
            { Sid: "Logs", Effect: "Allow", Principal: { Service: `logs.${REGION}.amazonaws.com` }, Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], Resource: "*" },
          ],
        }),
      });
      new KmsAlias(this, "log-key-alias", { name: `alias/${prefix}-logs`, targetKeyId: logKey.keyId });
    }

    // DNS and the certificate.
    const certificate = new AcmCertificate(this, "certificate", {
      domainName: env.domain, validationMethod: "DNS", lifecycle: { createBeforeDestroy: true },
    });
    const validation = new Route53Record(this, "certificate-validation-record", {
      zoneId: env.zoneId,
      name: certificate.domainValidationOptions.get(0).resourceRecordName,
      type: certificate.domainValidationOptions.get(0).resourceRecordType,
      records: [certificate.domainValidationOptions.get(0).resourceRecordValue],
      ttl: 60,
      allowOverwrite: true,
    });
    const validated = new AcmCertificateValidation(this, "certificate-validation", {
      certificateArn: certificate.arn, validationRecordFqdns: [validation.fqdn],
    });

    const alb = new LoadBalancer(this, "alb", { name: prefix, network, certificateArn: validated.certificateArn, env, services: svcs });
    new Route53Record(this, "alias", {
      zoneId: env.zoneId, name: env.domain, type: "A",
      alias: { name: alb.lb.dnsName, zoneId: alb.lb.zoneId, evaluateTargetHealth: true },
    });

    // Aurora PostgreSQL.
    const dbSubnets = new DbSubnetGroup(this, "db-subnets", { name: prefix, subnetIds: network.dataSubnets.map((s) => s.id) });
    const dbSg = new SecurityGroup(this, "db-sg", { namePrefix: `${prefix}-db-`, description: `Database of ${prefix}`, vpcId: network.vpc.id });
    let monitoringRole;
    if (env.dbMonitoring > 0) {
      monitoringRole = new IamRole(this, "db-monitoring", { name: `${prefix}-rds-monitoring`, assumeRolePolicy: assumeRole("monitoring.rds.amazonaws.com") });
      new IamRolePolicyAttachment(this, "db-monitoring-policy", {
        role: monitoringRole.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
      });
    }
    const dbParameters = new DbParameterGroup(this, "db-parameters", {
      namePrefix: `${prefix}-`, family: "aurora-postgresql16",
      parameter: [{ name: "log_min_duration_statement", value: "1000" }],
      lifecycle: { createBeforeDestroy: true },
    });
    const clusterParameters = new RdsClusterParameterGroup(this, "db-cluster-parameters", {
      namePrefix: `${prefix}-`, family: "aurora-postgresql16",
      parameter: [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }],
      lifecycle: { createBeforeDestroy: true },
    });
    const dbCluster = new RdsCluster(this, "db", {
      clusterIdentifier: prefix,
      engine: "aurora-postgresql",
      engineVersion: "16.9",
      databaseName: PROJECT,
      port: 5432,
      masterUsername: "app",
      manageMasterUserPassword: true,
      dbSubnetGroupName: dbSubnets.name,
      vpcSecurityGroupIds: [dbSg.id],
      dbClusterParameterGroupName: clusterParameters.name,
      storageEncrypted: true,
      backupRetentionPeriod: env.prod ? 14 : 1,
      deletionProtection: env.prod,
      skipFinalSnapshot: !env.prod,
      finalSnapshotIdentifier: env.prod ? `${prefix}-final` : undefined,
      copyTagsToSnapshot: true,
      enabledCloudwatchLogsExports: ["postgresql"],
    });
    for (let n = 1; n <= env.dbInstances; n++) {
      new RdsClusterInstance(this, `db-instance-${n}`, {
        identifier: `${prefix}-${n}`,
        clusterIdentifier: dbCluster.id,
        instanceClass: env.dbInstanceClass,
        engine: dbCluster.engine,
        engineVersion: dbCluster.engineVersion,
        dbParameterGroupName: dbParameters.name,
        performanceInsightsEnabled: true,
        monitoringInterval: env.dbMonitoring,
        monitoringRoleArn: monitoringRole ? monitoringRole.arn : undefined,
        autoMinorVersionUpgrade: true,
      });
    }

    // Valkey.
    const cacheSubnets = new ElasticacheSubnetGroup(this, "cache-subnets", { name: prefix, subnetIds: network.dataSubnets.map((s) => s.id) });
    const cacheSg = new SecurityGroup(this, "cache-sg", { namePrefix: `${prefix}-cache-`, description: `Cache of ${prefix}`, vpcId: network.vpc.id });
    // No random provider, as in plinth: the token is two uuid()s, pinned after the first apply.
    const authToken = new DataResource(this, "cache-auth-token", {
      input: Fn.sensitive(Fn.join("", [Fn.replace(Fn.uuid(), "-", ""), Fn.replace(Fn.uuid(), "-", "")])),
      lifecycle: { ignoreChanges: ["input"] },
    });
    const token = authToken.getStringAttribute("output");
    const authSecret = new SecretsmanagerSecret(this, "cache-auth-secret", { name: `${prefix}/cache-auth-token`, recoveryWindowInDays: env.prod ? 30 : 0 });
    new SecretsmanagerSecretVersion(this, "cache-auth-secret-version", {
      secretId: authSecret.id, secretString: json({ auth_token: token }),
      lifecycle: { ignoreChanges: ["secret_string"] },
    });
    const slowLog = new CloudwatchLogGroup(this, "cache-slow-log", { name: `/elasticache/${prefix}/slow-log`, retentionInDays: env.retention, kmsKeyId: logKey ? logKey.arn : undefined });
    const cacheParameters = new ElasticacheParameterGroup(this, "cache-parameters", { name: `${prefix}-valkey8`, family: "valkey8" });
    const cacheGroup = new ElasticacheReplicationGroup(this, "cache", {
      replicationGroupId: prefix,
      description: `Cache of ${prefix}`,
      engine: "valkey",
      engineVersion: "8.2",
      nodeType: "cache.t4g.micro",
      port: 6379,
      numCacheClusters: 1 + env.cacheReplicas,
      automaticFailoverEnabled: env.cacheReplicas > 0,
      multiAzEnabled: env.cacheReplicas > 0,
      parameterGroupName: cacheParameters.name,
      subnetGroupName: cacheSubnets.name,
      securityGroupIds: [cacheSg.id],
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: true,
      authToken: token,
      snapshotRetentionLimit: env.prod ? 7 : 0,
      logDeliveryConfiguration: [{ destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" }],
    });
    const database = { cluster: dbCluster };
    const cache = { group: cacheGroup, authSecret };

    // Alarms topic.
    const topicKey = new KmsKey(this, "alarms-key", { description: `Alarm topic of ${prefix}`, enableKeyRotation: true });
    new KmsAlias(this, "alarms-key-alias", { name: `alias/${prefix}-alarms`, targetKeyId: topicKey.keyId });
    const topic = new SnsTopic(this, "alarms", { name: `${prefix}-alarms`, kmsMasterKeyId: topicKey.arn });
    new SnsTopicPolicy(this, "alarms-policy", {
      arn: topic.arn,
      policy: json({
        Version: "2012-10-17",
        Statement: [
          { Sid: "CloudWatchAlarms", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: topic.arn },
          { Sid: "Budgets", Effect: "Allow", Principal: { Service: "budgets.amazonaws.com" }, Action: "sns:Publish", Resource: topic.arn },
        ],
      }),
    });
    for (const email of EMAILS) new SnsTopicSubscription(this, `alarms-${email}`, { topicArn: topic.arn, protocol: "email", endpoint: email });

    const widgets = [];
    for (const svc of svcs) {
      const service = new Service(this, `service-${svc.name}`, {
        env, prefix, svc, network, cluster, namespace, alb, repository: repositories[svc.name], database, cache, secrets, buckets, topic, logKey,
      });
      widgets.push(...service.widgets);
      if (svc.usesDatabase) {
        new VpcSecurityGroupIngressRule(this, `db-from-${svc.name}`, {
          securityGroupId: dbSg.id, referencedSecurityGroupId: service.sg.id, ipProtocol: "tcp", fromPort: 5432, toPort: 5432, description: `PostgreSQL from ${svc.name}`,
        });
      }
      if (svc.usesCache) {
        new VpcSecurityGroupIngressRule(this, `cache-from-${svc.name}`, {
          securityGroupId: cacheSg.id, referencedSecurityGroupId: service.sg.id, ipProtocol: "tcp", fromPort: 6379, toPort: 6379, description: `Valkey from ${svc.name}`,
        });
      }
    }

    // Environment alarms: load balancer 5xx, database and cache.
    const alarm = (id, props) => new CloudwatchMetricAlarm(this, `alarm-${id}`, {
      alarmName: `${prefix}-${id}`, evaluationPeriods: 2, period: 300, alarmActions: [topic.arn], okActions: [topic.arn], treatMissingData: "notBreaching", ...props,
    });
    if (svcs.some((s) => s.isPublic)) {
      alarm("alb-5xx", { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", statistic: "Sum", comparisonOperator: "GreaterThanThreshold", threshold: 10, dimensions: { LoadBalancer: alb.lb.arnSuffix } });
    }
    const dbDimensions = { DBClusterIdentifier: dbCluster.clusterIdentifier };
    alarm("db-cpu", { namespace: "AWS/RDS", metricName: "CPUUtilization", statistic: "Average", comparisonOperator: "GreaterThanThreshold", threshold: 80, dimensions: dbDimensions });
    alarm("db-connections", { namespace: "AWS/RDS", metricName: "DatabaseConnections", statistic: "Average", comparisonOperator: "GreaterThanThreshold", threshold: 100, dimensions: dbDimensions });
    alarm("db-replica-lag", { namespace: "AWS/RDS", metricName: "AuroraReplicaLag", statistic: "Maximum", comparisonOperator: "GreaterThanThreshold", threshold: 1000, dimensions: dbDimensions });
    for (let node = 0; node <= env.cacheReplicas; node++) {
      const cacheDimensions = { CacheClusterId: `${prefix}-00${node + 1}` };
      alarm(`cache-cpu-${node}`, { namespace: "AWS/ElastiCache", metricName: "EngineCPUUtilization", statistic: "Average", comparisonOperator: "GreaterThanThreshold", threshold: 80, dimensions: cacheDimensions });
      alarm(`cache-memory-${node}`, { namespace: "AWS/ElastiCache", metricName: "DatabaseMemoryUsagePercentage", statistic: "Average", comparisonOperator: "GreaterThanThreshold", threshold: 80, dimensions: cacheDimensions });
      alarm(`cache-evictions-${node}`, { namespace: "AWS/ElastiCache", metricName: "Evictions", statistic: "Sum", comparisonOperator: "GreaterThanThreshold", threshold: 100, dimensions: cacheDimensions });
    }
    new CloudwatchDashboard(this, "dashboard", {
      dashboardName: prefix,
      dashboardBody: json({
        widgets: [
          { type: "text", x: 0, y: 0, width: 24, height: 2, properties: { markdown: `# ${prefix}\nManaged by Terraform.` } },
          ...widgets,
        ],
      }),
    });

    new BudgetsBudget(this, "budget", {
      name: prefix,
      budgetType: "COST",
      limitAmount: String(env.budget),
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      costFilter: [{ name: "TagKeyValue", values: [`user:Stack$${prefix}`] }],
      notification: [
        ...[80, 100].map((threshold) => ({ comparisonOperator: "GREATER_THAN", threshold, thresholdType: "PERCENTAGE", notificationType: "ACTUAL", subscriberEmailAddresses: EMAILS, subscriberSnsTopicArns: [topic.arn] })),
        { comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", notificationType: "FORECASTED", subscriberEmailAddresses: EMAILS, subscriberSnsTopicArns: [topic.arn] },
      ],
    });

    if (env.waf) {
      const acl = new Wafv2WebAcl(this, "waf", {
        name: prefix,
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: prefix, sampledRequestsEnabled: true },
        rule: [
          {
            name: "rate-limit", priority: 1, action: { block: {} },
            statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP" } },
            visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: `${prefix}-rate-limit`, sampledRequestsEnabled: true },
          },
          {
            name: "aws-common", priority: 2, overrideAction: { none: {} },
            statement: { managed_rule_group_statement: { name: "AWSManagedRulesCommonRuleSet", vendor_name: "AWS" } },
            visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: `${prefix}-aws-common`, sampledRequestsEnabled: true },
          },
        ],
      });
      new Wafv2WebAclAssociation(this, "waf-association", { resourceArn: alb.lb.arn, webAclArn: acl.arn });
      const wafLogs = new CloudwatchLogGroup(this, "waf-logs", { name: `aws-waf-logs-${prefix}`, retentionInDays: env.retention, kmsKeyId: logKey ? logKey.arn : undefined });
      new Wafv2WebAclLoggingConfiguration(this, "waf-logging", { resourceArn: acl.arn, logDestinationConfigs: [wafLogs.arn] });
    }

    new TerraformOutput(this, "load_balancer_dns_name", { value: alb.lb.dnsName });
    new TerraformOutput(this, "cluster_name", { value: cluster.name });
    new TerraformOutput(this, "database_endpoint", { value: dbCluster.endpoint });
    new TerraformOutput(this, "cache_endpoint", { value: cacheGroup.primaryEndpointAddress });
    new TerraformOutput(this, "alarm_topic_arn", { value: topic.arn });
  }
}

const app = new App();
const serviceCount = count("PEER_SERVICES", 1, 1, 1000);
for (const env of environments(count("PEER_ENVIRONMENTS", 3, 1, ENVIRONMENT_NAMES.length))) {
  new Environment(app, env, serviceCount);
}
app.synth();
