"""Judges every API call a deploy role made against moto by that role's IAM policies.

Usage: iam_policy_check.py --endpoint URL --record FILE --caller ROLE_ARN [--caller ...]
       iam_policy_check.py --self-test

The record comes from tests/moto/recording_server.py. For each call made with the credentials of
one of the named roles, the call is turned into the IAM requests AWS would authorise (the action,
the resource ARN derived from the parameters, the request context), including the ones a call
implies: iam:PassRole for a role handed to a service, ec2:CreateTags for tags set on create,
kms:GenerateDataKey/Decrypt for S3 objects under SSE-KMS. Each request is evaluated like IAM does
for identity policies: an explicit Deny wins, else an Allow must match action, resource and every
condition.

What cannot be derived is not guessed: a resource ARN the parameters do not give, or a condition
key (such as aws:ResourceTag of a non-EC2 resource) whose value the record does not hold, makes
the answer "unverified" instead of "allowed" — counted and listed, never silently passed. The
report is JSON on stdout: {"calls", "requests", "allowed", "unverified": [...], "denied": [...]}.
"""

import argparse
import fnmatch
import json
import re
import sys
from collections import Counter

from iam_resources import EC2_CREATES, as_list, first, resources

TRUE, FALSE, UNKNOWN = "true", "false", "unknown"

# Condition keys the checker derives completely from a call: when one is missing from a
# request's context, the request does not carry it. Any other key missing is unknown.
DERIVED_KEYS = (
    "aws:RequestTag/", "aws:TagKeys", "aws:RequestedRegion", "aws:Principal",
    "iam:PassedToService", "iam:PolicyARN", "iam:AWSServiceName", "ec2:CreateAction",
    "kms:ViaService", "s3:prefix",
)

# Signing names whose IAM prefix differs.
PREFIX = {"monitoring": "cloudwatch", "email": "ses", "execute-api": "apigateway"}

# S3 API operations (as moto names them) to the IAM action that authorises them.
S3_ACTIONS = {
    "HeadBucket": "ListBucket",
    "ListObjects": "ListBucket",
    "ListObjectsV2": "ListBucket",
    "ListObjectVersions": "ListBucketVersions",
    "ListMultipartUploads": "ListBucketMultipartUploads",
    "ListParts": "ListMultipartUploadParts",
    "HeadObject": "GetObject",
    "GetObjectAttributes": "GetObject",
    "CopyObject": "PutObject",
    "CreateMultipartUpload": "PutObject",
    "CompleteMultipartUpload": "PutObject",
    "UploadPartCopy": "PutObject",
    "DeleteObjects": "DeleteObject",
    "GetBucketEncryption": "GetEncryptionConfiguration",
    "PutBucketEncryption": "PutEncryptionConfiguration",
    "GetBucketLifecycleConfiguration": "GetLifecycleConfiguration",
    "GetBucketLifecycle": "GetLifecycleConfiguration",
    "PutBucketLifecycleConfiguration": "PutLifecycleConfiguration",
    "DeleteBucketLifecycle": "PutLifecycleConfiguration",
    "GetBucketCors": "GetBucketCORS",
    "PutBucketCors": "PutBucketCORS",
    "DeleteBucketCors": "PutBucketCORS",
    "DeleteBucketTagging": "PutBucketTagging",
    "GetBucketReplication": "GetReplicationConfiguration",
    "GetObjectLockConfiguration": "GetBucketObjectLockConfiguration",
    "GetPublicAccessBlock": "GetBucketPublicAccessBlock",
    "PutPublicAccessBlock": "PutBucketPublicAccessBlock",
    "DeletePublicAccessBlock": "PutBucketPublicAccessBlock",
    "GetBucketNotificationConfiguration": "GetBucketNotification",
    "PutBucketNotificationConfiguration": "PutBucketNotification",
    "GetBucketAccelerateConfiguration": "GetAccelerateConfiguration",
    "DeleteObjectTagging": "DeleteObjectTagging",
    "ListAllMyBuckets": "ListAllMyBuckets",
    "ListBuckets": "ListAllMyBuckets",
    "DeleteBucketWebsite": "DeleteBucketWebsite",
}

# Parameters that hand a role to a service, with the service it is passed to.
PASSED_ROLES = {
    ("ecs", "RegisterTaskDefinition"): {"taskRoleArn": "ecs-tasks.amazonaws.com",
                                         "executionRoleArn": "ecs-tasks.amazonaws.com"},
    ("rds", "CreateDBInstance"): {"MonitoringRoleArn": "monitoring.rds.amazonaws.com"},
    ("rds", "ModifyDBInstance"): {"MonitoringRoleArn": "monitoring.rds.amazonaws.com"},
    ("rds", "CreateDBCluster"): {"MonitoringRoleArn": "monitoring.rds.amazonaws.com"},
    ("rds", "ModifyDBCluster"): {"MonitoringRoleArn": "monitoring.rds.amazonaws.com"},
    ("ec2", "CreateFlowLogs"): {"DeliverLogsPermissionArn": "vpc-flow-logs.amazonaws.com"},
    ("eks", "CreateCluster"): {"roleArn": "eks.amazonaws.com"},
    ("eks", "CreateNodegroup"): {"nodeRole": "eks.amazonaws.com"},
    ("eks", "CreatePodIdentityAssociation"): {"roleArn": "pods.eks.amazonaws.com"},
    ("eks", "UpdatePodIdentityAssociation"): {"roleArn": "pods.eks.amazonaws.com"},
    ("eks", "CreateAddon"): {"serviceAccountRoleArn": "eks.amazonaws.com"},
    ("scheduler", "CreateSchedule"): {"RoleArn": "scheduler.amazonaws.com"},
    ("events", "PutTargets"): {"RoleArn": "events.amazonaws.com"},
}

# --------------------------------------------------------------------------------------------
# Policy evaluation
# --------------------------------------------------------------------------------------------

def glob(pattern, value, case_sensitive=True):
    """IAM wildcard match: * any run of characters, ? one character."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.fullmatch(regex, value, flags) is not None


def action_matches(patterns, action):
    return any(glob(p, action, case_sensitive=False) for p in as_list(patterns))


def resource_matches(patterns, resource):
    """TRUE/FALSE, or UNKNOWN when the resource could not be derived (only "*" then matches)."""
    patterns = as_list(patterns)
    if "*" in patterns:
        return TRUE
    if resource is None:
        return UNKNOWN
    return TRUE if any(glob(p, resource) for p in patterns) else FALSE


def _compare(operator, expected, actual):
    base = operator.replace("IfExists", "")
    negated = "Not" in base
    base = base.replace("Not", "")
    if base in ("StringEquals", "ArnEquals"):
        hit = actual in expected
    elif base == "StringEqualsIgnoreCase":
        hit = actual.lower() in [e.lower() for e in expected]
    elif base in ("StringLike", "ArnLike"):
        hit = any(glob(e, actual) for e in expected)
    elif base == "Bool":
        hit = actual.lower() in [str(e).lower() for e in expected]
    elif base == "NumericLessThanEquals":
        hit = float(actual) <= float(expected[0])
    elif base == "NumericGreaterThanEquals":
        hit = float(actual) >= float(expected[0])
    else:
        raise ValueError(f"condition operator {operator} is not supported by this checker")
    return not hit if negated else hit


def condition_holds(operator, key, expected, context):
    """One condition entry: TRUE, FALSE or UNKNOWN (the record does not know the key)."""
    expected = [str(e) for e in as_list(expected)]
    qualifier, _, operator = operator.rpartition(":")
    if key not in context and not key.startswith(DERIVED_KEYS):
        return UNKNOWN
    value = context.get(key)
    if operator == "Null":
        return TRUE if (value is None) == (expected[0].lower() == "true") else FALSE
    if value is None:
        # A key absent from the request: IfExists and negated operators hold, others do not.
        return TRUE if operator.endswith("IfExists") or "Not" in operator else FALSE
    values = as_list(value)
    if qualifier == "ForAnyValue":
        hit = any(_compare(operator, expected, str(v)) for v in values)
    elif qualifier == "ForAllValues":
        hit = all(_compare(operator, expected, str(v)) for v in values)
    else:
        hit = _compare(operator, expected, str(values[0])) if len(values) == 1 else False
    return TRUE if hit else FALSE


def conditions_hold(conditions, context):
    result = TRUE
    for operator, entries in (conditions or {}).items():
        for key, expected in entries.items():
            outcome = condition_holds(operator, key, expected, context)
            if outcome == FALSE:
                return FALSE
            if outcome == UNKNOWN:
                result = UNKNOWN
    return result


def statement_applies(statement, request):
    action = request["action"]
    if "Action" in statement and not action_matches(statement["Action"], action):
        return FALSE
    if "NotAction" in statement and action_matches(statement["NotAction"], action):
        return FALSE
    if "Resource" in statement:
        resource = resource_matches(statement["Resource"], request["resource"])
    elif "NotResource" in statement:
        hit = resource_matches(statement["NotResource"], request["resource"])
        resource = {TRUE: FALSE, FALSE: TRUE}.get(hit, UNKNOWN)
    else:
        resource = TRUE
    if resource == FALSE:
        return FALSE
    conditions = conditions_hold(statement.get("Condition"), request["context"])
    if conditions == FALSE:
        return FALSE
    return UNKNOWN if UNKNOWN in (resource, conditions) else TRUE


def evaluate(policies, request):
    """("allowed"|"unverified"|"denied", the statement ids that decided it)."""
    allow, maybe = [], []
    for policy in policies:
        for statement in as_list(policy.get("Statement")):
            applies = statement_applies(statement, request)
            sid = statement.get("Sid", "?")
            if statement.get("Effect") == "Deny" and applies == TRUE:
                return "denied", [f"explicit deny {sid}"]
            if statement.get("Effect") == "Allow":
                if applies == TRUE:
                    allow.append(sid)
                elif applies == UNKNOWN:
                    maybe.append(sid)
    if allow:
        return "allowed", allow
    if maybe:
        return "unverified", maybe
    return "denied", ["no statement allows it"]


# --------------------------------------------------------------------------------------------
# From a recorded call to the IAM requests it needs
# --------------------------------------------------------------------------------------------

def tags_of(params):
    """Tags a create call sets, whatever shape the API uses."""
    tags = {}
    for key in ("Tags", "tags", "TagList", "TagSpecifications", "tagSpecifications"):
        value = params.get(key)
        if isinstance(value, dict):
            tags.update({str(k): str(v) for k, v in value.items()})
        for item in as_list(value) if isinstance(value, list) else []:
            if isinstance(item, dict) and "Tags" in item:
                for tag in as_list(item["Tags"]):
                    tags[str(tag.get("Key"))] = str(tag.get("Value"))
            elif isinstance(item, dict):
                k = item.get("Key", item.get("key", item.get("TagKey")))
                v = item.get("Value", item.get("value", item.get("TagValue")))
                if k is not None:
                    tags[str(k)] = str(v)
    return tags




def iam_action(call):
    service = call["service"]
    name = call["action"]
    if service == "s3":
        name = S3_ACTIONS.get(name, name)
    return f"{PREFIX.get(service, service)}:{name}"


def requests_of(call):
    """The IAM requests AWS authorises for one recorded call."""
    service, action, params = call["service"], call["action"], call["params"]
    request_tags = tags_of(params)
    base = {
        "aws:RequestedRegion": call["region"],
        "aws:PrincipalArn": call["caller"],
        "aws:PrincipalAccount": call["account"],
        "aws:TagKeys": sorted(request_tags) or None,
    }
    for key, value in request_tags.items():
        base[f"aws:RequestTag/{key}"] = value
    if service == "s3" and "prefix" in params:
        base["s3:prefix"] = params["prefix"]
    if service == "iam":
        base["iam:PolicyARN"] = first(params, "PolicyArn")
        base["iam:AWSServiceName"] = first(params, "AWSServiceName")
    out = []
    for resource in resources(call):
        context = dict(base)
        if resource and resource != "*":
            context.update(resource_tag_context(call, resource))
        if resource and (resource == "*" or resource.endswith("scalable-target/new")
                         or (action in EC2_CREATES and resource.endswith("/*"))):
            # The resource being created has no tags yet.
            context.update({k: None for k in list(context) if k.startswith("aws:ResourceTag/")})
            context["aws:ResourceTag/Stack"] = None
        out.append({"action": iam_action(call), "resource": resource, "context": context})
    for param, passed_to in PASSED_ROLES.get((service, action), {}).items():
        role = first(params, param)
        if role:
            out.append({"action": "iam:PassRole", "resource": role,
                        "context": dict(base, **{"iam:PassedToService": passed_to})})
    if service == "ec2" and action in EC2_CREATES and request_tags:
        # The resource is being made: it has no tags yet.
        out.append({"action": "ec2:CreateTags",
                    "resource": f"arn:aws:ec2:{call['region']}:{call['account']}:{EC2_CREATES[action]}/*",
                    "context": dict(base, **{"ec2:CreateAction": action,
                                             "aws:ResourceTag/Stack": None})})
    headers = call.get("headers") or {}
    key = headers.get("x-amz-server-side-encryption-aws-kms-key-id")
    if service == "s3" and key:
        kms = {"PutObject": "kms:GenerateDataKey", "GetObject": "kms:Decrypt",
               "HeadObject": "kms:Decrypt"}.get(action)
        if kms:
            facts = (call.get("resource_tags") or {}).get(key, {})
            arn = facts.get("kms:KeyArn") or (
                key if key.startswith("arn:") else f"arn:aws:kms:{call['region']}:{call['account']}:key/{key}")
            out.append({"action": kms, "resource": arn,
                        "context": dict(base, **{"kms:ViaService": f"s3.{call['region']}.amazonaws.com"})})
    return out


def resource_tag_context(call, resource):
    """aws:ResourceTag/* of an EC2 resource or KMS key, as the recorder saw them at call time."""
    known = call.get("resource_tags") or {}
    identifier = resource.rsplit("/", 1)[-1]
    if identifier in known:
        facts = dict(known[identifier])
        aliases = facts.pop("kms:ResourceAliases", None)
        facts.pop("kms:KeyArn", None)
        context = {f"aws:ResourceTag/{k}": v for k, v in facts.items()}
        context.setdefault("aws:ResourceTag/Stack", None)
        if aliases is not None:
            context["kms:ResourceAliases"] = aliases or None
        return context
    return {}


# --------------------------------------------------------------------------------------------

def role_policies(endpoint, role_arn):
    import boto3

    account = role_arn.split(":")[4]
    name = role_arn.split("/")[-1]
    creds = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1",
                         aws_access_key_id="test", aws_secret_access_key="test").assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/plinth-harness-admin",
        RoleSessionName="plinth-policy-check")["Credentials"]
    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id=creds["AccessKeyId"],
                       aws_secret_access_key=creds["SecretAccessKey"],
                       aws_session_token=creds["SessionToken"])
    documents = []
    for attached in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]:
        policy = iam.get_policy(PolicyArn=attached["PolicyArn"])["Policy"]
        version = iam.get_policy_version(PolicyArn=attached["PolicyArn"],
                                         VersionId=policy["DefaultVersionId"])
        documents.append(_document(version["PolicyVersion"]["Document"]))
    for inline in iam.list_role_policies(RoleName=name)["PolicyNames"]:
        documents.append(_document(iam.get_role_policy(RoleName=name, PolicyName=inline)["PolicyDocument"]))
    return documents


def _document(document):
    if isinstance(document, str):
        from urllib.parse import unquote

        return json.loads(unquote(document))
    return document


# Denials the caller expects and survives, each with its source.
TOLERATED = [
    (
        lambda request: request["action"] == "s3:ListBucket"
        and str(request["context"].get("s3:prefix", "")).startswith("env:"),
        "Terraform >= 1.7 ignores AccessDenied when it lists the default workspace prefix env: "
        "(hashicorp/terraform#34511)",
    ),
]


def check(record_lines, policies_by_role):
    report = {"calls": 0, "requests": 0, "allowed": 0, "tolerated": [], "unverified": [],
              "denied": []}
    unverified = Counter()
    for line in record_lines:
        call = json.loads(line)
        policies = policies_by_role.get(call.get("caller"))
        if policies is None:
            continue
        if call["service"] == "sts" and call["action"] == "GetCallerIdentity":
            continue  # always allowed, whatever the policies say
        report["calls"] += 1
        for request in requests_of(call):
            report["requests"] += 1
            verdict, why = evaluate(policies, request)
            entry = f"{call['caller'].split('/')[-1]}: {request['action']} on {request['resource'] or '<not derived>'}"
            if verdict == "allowed":
                report["allowed"] += 1
            elif verdict == "unverified":
                unverified[f"{entry} (depends on {', '.join(sorted(set(why)))})"] += 1
            else:
                reason = next((why for test, why in TOLERATED if test(request)), None)
                if reason:
                    report["tolerated"].append(f"{entry}: {reason}")
                else:
                    report["denied"].append(f"{entry}: {why[0]}")
    report["unverified"] = [f"{k} x{v}" for k, v in sorted(unverified.items())]
    report["denied"] = sorted(set(report["denied"]))
    report["tolerated"] = sorted(set(report["tolerated"]))
    return report


def self_test():
    """The checker's own cases: each must get its verdict, or the check proves nothing."""
    policy = {"Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*",
         "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}},
        {"Sid": "Roles", "Effect": "Allow", "Action": ["iam:CreateRole", "iam:PassRole"],
         "Resource": "arn:aws:iam::111111111111:role/app-dev-*",
         "Condition": {"StringEqualsIfExists": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}},
        {"Sid": "Tagged", "Effect": "Allow", "Action": "ec2:DeleteVpc", "Resource": "*",
         "Condition": {"StringEquals": {"aws:ResourceTag/Stack": "app-dev"}}},
        {"Sid": "Keys", "Effect": "Allow", "Action": "kms:TagResource", "Resource": "*",
         "Condition": {"StringEquals": {"aws:ResourceTag/Stack": "app-dev"}}},
        {"Sid": "Vpcs", "Effect": "Allow", "Action": "ec2:CreateVpc", "Resource": "*"},
        {"Sid": "TagOnCreate", "Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
         "Condition": {"StringEquals": {"ec2:CreateAction": ["CreateVpc"]}}},
        {"Sid": "Eks", "Effect": "Allow", "Action": "eks:*",
         "Resource": ["arn:aws:eks:eu-west-1:111111111111:cluster/app-dev",
                      "arn:aws:eks:eu-west-1:111111111111:*/app-dev/*"]},
        {"Sid": "PassToPods", "Effect": "Allow", "Action": "iam:PassRole",
         "Resource": "arn:aws:iam::111111111111:role/app-dev-*",
         "Condition": {"StringEquals": {"iam:PassedToService": "pods.eks.amazonaws.com"}}},
        {"Sid": "Queues", "Effect": "Allow", "Action": "sqs:*",
         "Resource": "arn:aws:sqs:eu-west-1:111111111111:app-dev-*"},
        {"Sid": "State", "Effect": "Deny", "Action": "s3:DeleteObject*", "Resource": "arn:aws:s3:::state/*"},
        {"Sid": "Objects", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::*"},
    ]}
    call = {"account": "111111111111", "caller": "arn:aws:iam::111111111111:role/app-dev-deploy",
            "region": "eu-west-1", "params": {}, "headers": {}, "s3": None, "resource_tags": {}}
    cases = [
        (dict(call, service="ec2", action="DescribeVpcs"), "allowed"),
        (dict(call, service="ec2", action="DescribeVpcs", region="us-east-1"), "denied"),
        (dict(call, service="iam", action="CreateRole", params={"RoleName": "app-dev-api"}), "allowed"),
        (dict(call, service="iam", action="CreateRole", params={"RoleName": "app-prod-api"}), "denied"),
        (dict(call, service="iam", action="CreateRole", params={"RoleName": "app-de-rds"}), "denied"),
        (dict(call, service="ecs", action="RegisterTaskDefinition",
              params={"taskRoleArn": "arn:aws:iam::111111111111:role/app-prod-x"}), "denied"),
        (dict(call, service="ec2", action="DeleteVpc", params={"VpcId": "vpc-0a"},
              resource_tags={"vpc-0a": {"Stack": "app-dev"}}), "allowed"),
        (dict(call, service="ec2", action="DeleteVpc", params={"VpcId": "vpc-0b"},
              resource_tags={"vpc-0b": {"Stack": "app-prod"}}), "denied"),
        (dict(call, service="kms", action="TagResource", params={"KeyId": "k1"}), "unverified"),
        (dict(call, service="s3", action="DeleteObjects", s3={"bucket": "state", "key": "x"}), "denied"),
        (dict(call, service="s3", action="PutObject", s3={"bucket": "app-dev-x", "key": "y"}), "allowed"),
        (dict(call, service="sns", action="CreateTopic", params={"Name": "t"}), "denied"),
        (dict(call, service="sqs", action="CreateQueue", params={"QueueName": "app-dev-jobs"}), "allowed"),
        (dict(call, service="sqs", action="SetQueueAttributes",
              params={"QueueUrl": "http://localhost:5000/111111111111/app-prod-jobs"}), "denied"),
        (dict(call, service="ec2", action="CreateVpc",
              params={"TagSpecifications": [{"Tags": [{"Key": "Stack", "Value": "app-dev"}]}]}), "allowed"),
        (dict(call, service="ec2", action="CreateSubnet",
              params={"TagSpecifications": [{"Tags": [{"Key": "Stack", "Value": "app-dev"}]}]}), "denied"),
        # EKS: creates and lists are authorised on the cluster, the rest on the child resource
        # in its Service Authorization Reference format; unscoped actions need Resource "*".
        (dict(call, service="eks", action="CreateAddon", params={"name": "app-dev", "addonName": "coredns"}), "allowed"),
        (dict(call, service="eks", action="CreateAddon", params={"name": "app-prod", "addonName": "coredns"}), "denied"),
        (dict(call, service="eks", action="UpdateNodegroupVersion",
              params={"name": "app-prod", "nodegroupName": "general-1"}), "denied"),
        (dict(call, service="eks", action="DescribeAccessEntry",
              params={"name": "app-dev", "principalArn": "arn:aws:iam::111111111111:role/ops/admin"}), "allowed"),
        (dict(call, service="eks", action="AssociateAccessPolicy", params={"name": "app-dev"}), "unverified"),
        (dict(call, service="eks", action="DeletePodIdentityAssociation",
              params={"name": "app-dev", "associationId": "a-0123456789abcdefg"}), "allowed"),
        (dict(call, service="eks", action="DeletePodIdentityAssociation",
              params={"name": "app-prod", "associationId": "a-0123456789abcdefg"}), "denied"),
        (dict(call, service="eks", action="CreatePodIdentityAssociation",
              params={"name": "app-dev", "roleArn": "arn:aws:iam::111111111111:role/app-prod-web"}), "denied"),
        (dict(call, service="eks", action="CreatePodIdentityAssociation",
              params={"name": "app-dev", "roleArn": "arn:aws:iam::111111111111:role/app-dev-web"}), "allowed"),
        (dict(call, service="eks", action="DescribeAddonVersions", params={"addonName": "coredns"}), "denied"),
    ]
    failures = []
    for case, expected in cases:
        verdicts = [evaluate([policy], r)[0] for r in requests_of(case)]
        order = ["denied", "unverified", "allowed"]
        verdict = min(verdicts, key=order.index)
        if verdict != expected:
            failures.append(f"{case['service']}:{case['action']} {case['params']}: {verdict}, expected {expected}")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"self-test: {len(cases)} cases ok")
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint")
    parser.add_argument("--record")
    parser.add_argument("--caller", action="append", default=[])
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    policies = {role: role_policies(args.endpoint, role) for role in args.caller}
    with open(args.record, encoding="utf-8") as record:
        report = check(record, policies)
    print(json.dumps(report, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
