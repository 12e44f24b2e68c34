// One environment's stack: backend, provider, network, cluster, data stores, services,
// monitoring, budget and (in prod) the WAF.
"use strict";

const { TerraformStack, S3Backend, TerraformOutput, DataResource, Fn } = require("cdktf");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const { SecurityGroup } = require("@cdktf/provider-aws/lib/security-group");
const { VpcSecurityGroupIngressRule } = require("@cdktf/provider-aws/lib/vpc-security-group-ingress-rule");
const { CloudwatchLogGroup } = require("@cdktf/provider-aws/lib/cloudwatch-log-group");
const { IamRole } = require("@cdktf/provider-aws/lib/iam-role");
const { IamRolePolicyAttachment } = require("@cdktf/provider-aws/lib/iam-role-policy-attachment");
const { EcsCluster } = require("@cdktf/provider-aws/lib/ecs-cluster");
const { EcsClusterCapacityProviders } = require("@cdktf/provider-aws/lib/ecs-cluster-capacity-providers");
const { ServiceDiscoveryPrivateDnsNamespace } = require("@cdktf/provider-aws/lib/service-discovery-private-dns-namespace");
const { EcrRepository } = require("@cdktf/provider-aws/lib/ecr-repository");
const { EcrLifecyclePolicy } = require("@cdktf/provider-aws/lib/ecr-lifecycle-policy");
const { AcmCertificate } = require("@cdktf/provider-aws/lib/acm-certificate");
const { AcmCertificateValidation } = require("@cdktf/provider-aws/lib/acm-certificate-validation");
const { Route53Record } = require("@cdktf/provider-aws/lib/route53-record");
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
const { PROJECT, REGION, BUCKETS, SECRETS, EMAILS, services, json, assumeRole } = require("./shape");
const { Network } = require("./network");
const { Bucket } = require("./bucket");
const { LoadBalancer } = require("./load-balancer");
const { Service } = require("./service");

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

module.exports = { Environment };
