"""The resource ARNs an API call recorded on moto acts on, for tests/moto/iam_policy_check.py.

Derived from the call's parameters the way the Service Authorization Reference names each
action's resource type; [None] when the parameters do not give one (the checker then counts the
request as unverified, never as allowed).
"""

import re

EC2_TYPES = {
    "vpc": "vpc", "subnet": "subnet", "sg": "security-group", "sgr": "security-group-rule",
    "rtb": "route-table", "igw": "internet-gateway", "nat": "natgateway",
    "eipalloc": "elastic-ip", "eni": "network-interface", "vpce": "vpc-endpoint",
    "lt": "launch-template", "fl": "vpc-flow-log", "acl": "network-acl", "pl": "prefix-list",
}
EC2_CREATES = {
    "CreateVpc": "vpc", "CreateSubnet": "subnet", "CreateInternetGateway": "internet-gateway",
    "AllocateAddress": "elastic-ip", "CreateNatGateway": "natgateway",
    "CreateRouteTable": "route-table", "CreateSecurityGroup": "security-group",
    "AuthorizeSecurityGroupIngress": "security-group-rule",
    "AuthorizeSecurityGroupEgress": "security-group-rule",
    "CreateVpcEndpoint": "vpc-endpoint", "CreateFlowLogs": "vpc-flow-log",
    "CreateLaunchTemplate": "launch-template", "CreateNetworkAcl": "network-acl",
}


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def first(params, *names):
    for name in names:
        value = params.get(name)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, str) and value:
            return value
    return None


def resources(call):
    """The resource ARNs a call acts on: a list, [None] when not derivable."""
    service, action, params = call["service"], call["action"], call["params"]
    region, account = call["region"], call["account"]
    regional = f"{region}:{account}"
    arn = first(params, "ResourceArn", "resourceArn", "ResourceARN", "resourceARN",
                "ResourceName", "resourceName")
    if arn and arn.startswith("arn:"):
        return [arn]
    if service == "s3":
        s3 = call.get("s3") or {}
        bucket = s3.get("bucket")
        if not bucket:
            return ["*"] if action in ("ListAllMyBuckets", "ListBuckets") else [None]
        return [f"arn:aws:s3:::{bucket}/{s3['key']}" if s3.get("key") else f"arn:aws:s3:::{bucket}"]
    if service == "iam":
        iam = f"arn:aws:iam::{account}"
        role = first(params, "RoleName")
        if role:
            path = params.get("Path", "/") if action == "CreateRole" else "/"
            return [f"{iam}:role{path}{role}"]
        policy_arn = first(params, "PolicyArn")
        if policy_arn:
            return [policy_arn]
        if action == "CreatePolicy":
            return [f"{iam}:policy{params.get('Path', '/')}{first(params, 'PolicyName')}"]
        if first(params, "InstanceProfileName"):
            return [f"{iam}:instance-profile/{first(params, 'InstanceProfileName')}"]
        if first(params, "OpenIDConnectProviderArn"):
            return [first(params, "OpenIDConnectProviderArn")]
        if action == "CreateServiceLinkedRole":
            name = first(params, "AWSServiceName") or ""
            return [f"{iam}:role/aws-service-role/{name}/*"]
        return [None]
    if service == "ecs":
        cluster = (first(params, "cluster", "clusterName") or "default").split("/")[-1]
        svc = first(params, "service", "serviceName")
        if action in ("RegisterTaskDefinition",):
            return ["*"]
        if action in ("DescribeTaskDefinition", "DeregisterTaskDefinition"):
            family = (first(params, "taskDefinition") or "").split("/")[-1]
            family = family if ":" in family else f"{family}:*"
            return [f"arn:aws:ecs:{regional}:task-definition/{family}"]
        if svc:
            return [f"arn:aws:ecs:{regional}:service/{cluster}/{svc.split('/')[-1]}"]
        if action in ("CreateCluster", "DeleteCluster", "DescribeClusters", "UpdateCluster",
                      "PutClusterCapacityProviders", "UpdateClusterSettings"):
            names = as_list(params.get("clusters")) or [cluster]
            return [f"arn:aws:ecs:{regional}:cluster/{c.split('/')[-1]}" for c in names]
        if first(params, "name") and "CapacityProvider" in action:
            return [f"arn:aws:ecs:{regional}:capacity-provider/{first(params, 'name')}"]
        return [None]
    if service == "ecr":
        repo = first(params, "repositoryName")
        return [f"arn:aws:ecr:{regional}:repository/{repo}"] if repo else [None]
    if service == "elasticloadbalancing":
        found = [first(params, n) for n in ("LoadBalancerArn", "TargetGroupArn", "ListenerArn", "RuleArn")]
        found += [a for a in as_list(params.get("ResourceArns")) if isinstance(a, str)]
        found = [f for f in found if f]
        if found:
            return found
        name = first(params, "Name")
        if action == "CreateLoadBalancer" and name:
            return [f"arn:aws:elasticloadbalancing:{regional}:loadbalancer/app/{name}/0000000000000000"]
        if action == "CreateTargetGroup" and name:
            return [f"arn:aws:elasticloadbalancing:{regional}:targetgroup/{name}/0000000000000000"]
        return [None]
    if service == "logs":
        group = first(params, "logGroupName", "logGroupIdentifier")
        return [f"arn:aws:logs:{regional}:log-group:{group}"] if group else [None]
    if service == "monitoring":
        names = as_list(params.get("AlarmNames")) or as_list(first(params, "AlarmName"))
        if names:
            return [f"arn:aws:cloudwatch:{regional}:alarm:{n}" for n in names]
        names = as_list(params.get("DashboardNames")) or as_list(first(params, "DashboardName"))
        if names:
            return [f"arn:aws:cloudwatch::{account}:dashboard/{n}" for n in names]
        return [None]
    if service == "sns":
        # A subscription's ARN is its topic's followed by `:<id>`.
        topic = first(params, "TopicArn", "SubscriptionArn")
        if topic:
            return [topic]
        if action == "CreateTopic":
            return [f"arn:aws:sns:{regional}:{first(params, 'Name')}"]
        return [None]
    if service == "sqs":
        # QueueUrl: <endpoint>/<account>/<name>, on moto as on AWS.
        url = first(params, "QueueUrl")
        name = url.rstrip("/").split("/")[-1] if url else first(params, "QueueName")
        if name:
            return [f"arn:aws:sqs:{regional}:{name}"]
        return ["*"] if action == "ListQueues" else [None]
    if service == "states":
        machine = first(params, "stateMachineArn")
        if machine:
            return [machine]
        if action == "CreateStateMachine" and first(params, "name"):
            return [f"arn:aws:states:{regional}:stateMachine:{first(params, 'name')}"]
        # Neither names a resource in the Service Authorization Reference.
        return ["*"] if action in ("ListStateMachines", "ValidateStateMachineDefinition") else [None]
    if service == "scheduler":
        name = first(params, "Name", "name")
        group = first(params, "GroupName", "groupName") or "default"
        if name:
            return [f"arn:aws:scheduler:{regional}:schedule/{group}/{name}"]
        return ["*"] if action == "ListSchedules" else [None]
    if service == "secretsmanager":
        secret = first(params, "SecretId", "Name")
        if not secret:
            return [None]
        return [secret if secret.startswith("arn:") else f"arn:aws:secretsmanager:{regional}:secret:{secret}-AbCdEf"]
    if service == "kms":
        key = first(params, "KeyId", "TargetKeyId")
        alias = first(params, "AliasName")
        found = []
        if key:
            found.append(key if key.startswith("arn:") else
                         f"arn:aws:kms:{regional}:{key}" if key.startswith("alias/") else
                         f"arn:aws:kms:{regional}:key/{key}")
        if alias:
            found.append(f"arn:aws:kms:{regional}:{alias}")
        if action == "CreateKey":
            return ["*"]
        return found or [None]
    if service == "rds":
        kinds = (("DBInstanceIdentifier", "db"), ("DBClusterIdentifier", "cluster"),
                 ("DBSubnetGroupName", "subgrp"), ("DBParameterGroupName", "pg"),
                 ("DBClusterParameterGroupName", "cluster-pg"), ("OptionGroupName", "og"))
        found = [f"arn:aws:rds:{regional}:{kind}:{first(params, name)}"
                 for name, kind in kinds if first(params, name)]
        return found or [None]
    if service == "elasticache":
        kinds = (("ReplicationGroupId", "replicationgroup"), ("CacheClusterId", "cluster"),
                 ("CacheSubnetGroupName", "subnetgroup"), ("CacheParameterGroupName", "parametergroup"),
                 ("UserId", "user"))
        found = [f"arn:aws:elasticache:{regional}:{kind}:{first(params, name)}"
                 for name, kind in kinds if first(params, name)]
        return found or [None]
    if service == "ssm":
        names = as_list(params.get("Names")) or as_list(first(params, "Name"))
        return [f"arn:aws:ssm:{regional}:parameter{n if n.startswith('/') else '/' + n}"
                for n in names] or [None]
    if service == "eks":
        return eks_resources(action, params, regional)
    if service == "acm":
        cert = first(params, "CertificateArn")
        return [cert] if cert else ["*"] if action in ("RequestCertificate", "ListCertificates") else [None]
    if service == "route53":
        zone = first(params, "Id", "HostedZoneId")
        return [f"arn:aws:route53:::hostedzone/{zone.split('/')[-1]}"] if zone else [None]
    if service == "application-autoscaling":
        # A target the call creates: the recorder adds ResourceARN for one that exists.
        return [f"arn:aws:application-autoscaling:{regional}:scalable-target/new"]
    if service == "budgets":
        name = first(params, "BudgetName")
        return [f"arn:aws:budgets::{account}:budget/{name}"] if name else [None]
    if service == "ec2":
        ids = [v for v in _strings(params) if re.fullmatch(r"[a-z]+-[0-9a-f]+", v)
               and v.split("-")[0] in EC2_TYPES]
        arns = [f"arn:aws:ec2:{regional}:{EC2_TYPES[i.split('-')[0]]}/{i}" for i in ids]
        if action in EC2_CREATES:
            arns.insert(0, f"arn:aws:ec2:{regional}:{EC2_CREATES[action]}/*")
        return arns or [None]
    return [None]


# EKS actions authorised on the cluster although they name a child resource (Service
# Authorization Reference for Amazon EKS: the create and list calls, and the cluster's updates).
EKS_ON_CLUSTER = {
    "CreateNodegroup", "CreateAddon", "CreateAccessEntry", "CreatePodIdentityAssociation",
    "CreateFargateProfile", "ListNodegroups", "ListAddons", "ListAccessEntries",
    "ListPodIdentityAssociations", "ListFargateProfiles", "ListUpdates", "DescribeUpdate",
}
# EKS actions that support no resource-level permission (Resource must be "*").
EKS_UNSCOPED = {"ListClusters", "DescribeAddonVersions", "DescribeAddonConfiguration",
                "ListAccessPolicies", "DescribeClusterVersions"}

PRINCIPAL = re.compile(r"^arn:[\w-]+:iam::(\d{12}):(role|user)/(?:.*/)?([\w+=,.@-]+)$")


def eks_resources(action, params, regional):
    """The EKS resource a call acts on, in the Service Authorization Reference's ARN formats:
    cluster/<cluster>, nodegroup/<cluster>/<nodegroup>/<uuid>, addon/<cluster>/<addon>/<uuid>,
    access-entry/<cluster>/<role|user>/<account>/<name>/<uuid>,
    podidentityassociation/<cluster>/<association id>. A uuid the call does not give is "*"
    (only a policy pattern that allows any uuid matches it)."""
    eks = f"arn:aws:eks:{regional}"
    if action in EKS_UNSCOPED:
        return ["*"]
    cluster = first(params, "name", "clusterName")
    if not cluster:
        return [None]
    if action in EKS_ON_CLUSTER:
        return [f"{eks}:cluster/{cluster}"]
    if first(params, "nodegroupName"):
        return [f"{eks}:nodegroup/{cluster}/{first(params, 'nodegroupName')}/*"]
    if first(params, "addonName"):
        return [f"{eks}:addon/{cluster}/{first(params, 'addonName')}/*"]
    if "AccessEntr" in action or "AccessPolic" in action:
        match = PRINCIPAL.match(first(params, "principalArn") or "")
        if not match:
            return [None]
        account, kind, name = match.groups()
        return [f"{eks}:access-entry/{cluster}/{kind}/{account}/{name}/*"]
    if "PodIdentity" in action:
        association = first(params, "associationId")
        return [f"{eks}:podidentityassociation/{cluster}/{association}"] if association else [None]
    return [f"{eks}:cluster/{cluster}"]


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value
