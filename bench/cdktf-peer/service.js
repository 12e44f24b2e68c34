// One ECS service with everything plinth's ecs-service module creates for it.
"use strict";

const { Construct } = require("constructs");
const { SecurityGroup } = require("@cdktf/provider-aws/lib/security-group");
const { VpcSecurityGroupIngressRule } = require("@cdktf/provider-aws/lib/vpc-security-group-ingress-rule");
const { VpcSecurityGroupEgressRule } = require("@cdktf/provider-aws/lib/vpc-security-group-egress-rule");
const { CloudwatchLogGroup } = require("@cdktf/provider-aws/lib/cloudwatch-log-group");
const { IamRole } = require("@cdktf/provider-aws/lib/iam-role");
const { IamRolePolicy } = require("@cdktf/provider-aws/lib/iam-role-policy");
const { IamRolePolicyAttachment } = require("@cdktf/provider-aws/lib/iam-role-policy-attachment");
const { EcsTaskDefinition } = require("@cdktf/provider-aws/lib/ecs-task-definition");
const { EcsService } = require("@cdktf/provider-aws/lib/ecs-service");
const { ServiceDiscoveryService } = require("@cdktf/provider-aws/lib/service-discovery-service");
const { AppautoscalingTarget } = require("@cdktf/provider-aws/lib/appautoscaling-target");
const { AppautoscalingPolicy } = require("@cdktf/provider-aws/lib/appautoscaling-policy");
const { CloudwatchMetricAlarm } = require("@cdktf/provider-aws/lib/cloudwatch-metric-alarm");
const { PROJECT, REGION, services, json, assumeRole } = require("./shape");

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


module.exports = { Service };
