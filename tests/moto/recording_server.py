"""moto_server that records every API call it authorises, for plinth's deploy-role check.

Runs moto's own server (same arguments as `moto_server`) after wrapping the two hooks moto calls
before it acts on a request: `_authenticate_and_authorize_normal_action` (every service) and
`_authenticate_and_authorize_s3_action` (S3, with the bucket and key it computed). Each call is
appended to the JSON Lines file named by PLINTH_MOTO_RECORD as one object:

    {"account", "caller", "region", "service", "action", "params", "s3": {"bucket", "key"},
     "headers"}

`caller` is the ARN of the role whose assumed-role credentials signed the request (moto records
it on the access key), or null for plain keys. moto's own IAM enforcement stays off: it matches
every request against resource "*" and fails every condition it does not know, so it cannot judge
policies scoped by ARN and region. tests/moto/iam_policy_check.py judges the record instead.
"""

import hashlib
import json
import os
import re
import sys
import threading
from collections.abc import Mapping
import time

from moto.core.authorization import ActionAuthenticatorMixin
from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
from moto.ecs.exceptions import InvalidParameterException
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.rds.models import DBInstance
from moto.s3.models import FakeBucket
from moto.server import main

import eks_fills  # noqa: E402,F401 - EKS fills (tests/moto/eks_fills.py), applied on import
import ecs_fills  # noqa: E402,F401 - ECS one-off task fills (tests/moto/ecs_fills.py), applied on import
import sfn_fills  # noqa: E402,F401 - Step Functions fills (tests/moto/sfn_fills.py), applied on import
import sqs_fills  # noqa: E402,F401 - SQS fills (tests/moto/sqs_fills.py), applied on import

RECORD = os.environ["PLINTH_MOTO_RECORD"]
_LOCK = threading.Lock()
# Only these request headers matter to a permission (server-side encryption of S3 objects).
_HEADERS = (
    "x-amz-server-side-encryption",
    "x-amz-server-side-encryption-aws-kms-key-id",
    "x-amz-copy-source",
)


def _jsonable(value):
    """Parsed parameters hold datetimes and bytes; keep their text."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, bytes):
        return value[:4096].decode("utf-8", "replace")
    return str(value)


def _params(response):
    """The request's parameters, whatever the protocol: moto's parsed ones when it parsed them,
    else a JSON body, else the query string, plus path parameters of REST APIs."""
    params = {}
    parsed = getattr(response, "params", None)
    if isinstance(parsed, Mapping) and not isinstance(parsed, dict) and parsed:
        # RDS parses into a case-insensitive mapping that lists its keys in snake case: read
        # back the operation's own member names.
        params.update(
            {name: parsed[name] for name in _input_members(response) if parsed.get(name) is not None}
        )
    elif isinstance(parsed, dict) and parsed:
        params.update(parsed)
    else:
        body = getattr(response, "body", None)
        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        if isinstance(body, str) and body.lstrip().startswith("{"):
            try:
                params.update(json.loads(body))
            except ValueError:
                pass
        if not params:
            try:
                flat = response._get_params()
                # Some REST responses flatten their headers here: not parameters.
                if isinstance(flat, dict) and "Authorization" not in flat:
                    params.update(flat)
            except Exception:  # noqa: BLE001 - a parameter we cannot parse is left out
                params.update(
                    {k: v[0] if isinstance(v, list) and len(v) == 1 else v
                     for k, v in (getattr(response, "querystring", {}) or {}).items()}
                )
    for key, value in (getattr(response, "uri_match", None) or {}).items():
        params.setdefault(key, value)
    return params


_MEMBERS = {}


def _input_members(response):
    """The top-level parameter names of the call's operation, from botocore's service model."""
    key = (response.boto3_service_name, response._get_action())
    if key not in _MEMBERS:
        import botocore.session

        model = botocore.session.get_session().get_service_model(key[0])
        shape = model.operation_model(key[1]).input_shape
        _MEMBERS[key] = list(shape.members) if shape is not None else []
    return _MEMBERS[key]


def _caller(response):
    from moto.iam.models import iam_backends

    key = response.get_access_key()
    try:
        account = iam_backends[response.current_account]["aws"]
        access_key = account.access_keys.get(key)
    except Exception:  # noqa: BLE001 - an unknown account has no assumed roles
        access_key = None
    return getattr(access_key, "role_arn", None)


def _service(response):
    authorization = response.headers.get("Authorization", "")
    scope = authorization.partition("Credential=")[2].partition(",")[0].split("/")
    return scope[3] if len(scope) > 3 else None


_EC2_ID = re.compile(r"^(vpc|subnet|sg|sgr|rtb|rtbassoc|igw|nat|eipalloc|eipassoc|eni|vpce|lt|fl|acl|pl)-[0-9a-f]+$")


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _resource_tags(response, service, params):
    """Tags, at the time of the call, of the EC2 resources and KMS keys the call names: the
    policies condition on aws:ResourceTag, which the record alone could not tell."""
    tags = {}
    try:
        if service == "ec2":
            from moto.ec2.models import ec2_backends

            backend = ec2_backends[response.current_account][response.region]
            for value in _strings(params):
                if _EC2_ID.match(value):
                    tags[value] = dict(backend.tags.get(value, {}))
        elif service == "application-autoscaling":
            arn = params.get("ResourceARN") or _scalable_target_arn(response, params)
            if arn:
                tags[arn.rsplit("/", 1)[-1]] = dict(_scaling_tags(response).get(arn, {}))
                params["ResourceARN"] = arn
        elif service == "kms":
            for name in ("KeyId", "TargetKeyId"):
                if isinstance(params.get(name), str):
                    tags.update(_key_facts(response, params[name]))
        elif service == "s3":
            key = response.headers.get("x-amz-server-side-encryption-aws-kms-key-id")
            if key:
                tags.update(_key_facts(response, key))
    except Exception:  # noqa: BLE001 - an unknown resource has no tags to report
        pass
    return tags


def _key_facts(response, key):
    """A KMS key named by id, ARN or alias: {key id: tags, plus its aliases under the
    pseudo-tag "kms:ResourceAliases"} (the key policy conditions read both)."""
    from moto.kms.models import kms_backends

    arn = key.split(":") if key.startswith("arn:") else None
    region, account = (arn[3], arn[4]) if arn else (response.region, response.current_account)
    backend = kms_backends[account][region]
    name = key.split(":", 5)[-1] if key.startswith("arn:") else key
    key_id = backend.get_key_id_from_alias(name) if name.startswith("alias/") else key
    key_id = backend.get_key_id(key_id)
    listed = backend.list_resource_tags(key_id)["Tags"]
    facts = {t["TagKey"]: t["TagValue"] for t in listed}
    facts["kms:ResourceAliases"] = sorted(backend.keys[key_id].aliases)
    facts["kms:KeyArn"] = backend.keys[key_id].arn
    return {key: facts, key_id: facts}


def _record(response, action, s3):
    service = _service(response)
    params = {} if s3 is not None else _jsonable(_params(response))
    if s3 is not None:
        prefix = (getattr(response, "querystring", {}) or {}).get("prefix")
        if prefix:
            params = {"prefix": prefix[0] if isinstance(prefix, list) else prefix}
    entry = {
        "account": response.current_account,
        "caller": _caller(response),
        "region": response.region,
        "service": service,
        "action": action,
        "params": params,
        "resource_tags": _resource_tags(response, service, params),
        "s3": s3,
        "headers": {h: response.headers.get(h) for h in _HEADERS if response.headers.get(h)},
    }
    line = json.dumps(entry, sort_keys=True)
    with _LOCK, open(RECORD, "a", encoding="utf-8") as record:
        record.write(line + "\n")


_normal = ActionAuthenticatorMixin._authenticate_and_authorize_normal_action
_s3 = ActionAuthenticatorMixin._authenticate_and_authorize_s3_action


def _recording_normal(self, resource="*"):
    try:
        _record(self, self._get_action(), None)
    except Exception as error:  # noqa: BLE001 - a lost record must be visible, not fatal
        print(f"plinth recorder: {error!r}", file=sys.stderr)
    return _normal(self, resource)


def _recording_s3(self, bucket_name=None, key_name=None):
    try:
        _record(self, self.data.get("Action"), {"bucket": bucket_name, "key": key_name})
    except Exception as error:  # noqa: BLE001
        print(f"plinth recorder: {error!r}", file=sys.stderr)
    return _s3(self, bucket_name=bucket_name, key_name=key_name)


def _bucket_policy_not_judged(_bucket, _action, _resource):
    """moto judges bucket policies itself on object reads and writes, but cannot evaluate
    conditions and so takes every conditioned statement (aws:SecureTransport, aws:PrincipalArn)
    for a deny: with plinth's state bucket policy every object call would be refused. Bucket
    policies are left unjudged here (docs/testing.md lists it as a gap)."""
    from moto.iam.access_control import PermissionResult

    return PermissionResult.NEUTRAL


FakeBucket.get_permission = _bucket_policy_not_judged


# moto has no tagging for Application Auto Scaling, which the provider reads for every scalable
# target (ListTagsForResource): without it no ECS service with a scalable target can apply. A tag
# store per account and region, filled by RegisterScalableTarget's Tags and TagResource.
_SCALING_TAGS = {}


def _scaling_tags(response):
    return _SCALING_TAGS.setdefault((response.current_account, response.region), {})


def _scalable_target_arn(response, params):
    """The ARN of the scalable target a call names by ResourceId, if it exists."""
    from moto.applicationautoscaling.models import applicationautoscaling_backends

    backend = applicationautoscaling_backends[response.current_account][response.region]
    for target in backend.describe_scalable_targets(params.get("ServiceNamespace"), None, None):
        if target.resource_id == params.get("ResourceId") and (
            params.get("ScalableDimension") in (None, target.scalable_dimension)
        ):
            return target.arn
    return None


def _list_tags_for_resource(self):
    arn = self._get_param("ResourceARN")
    return json.dumps({"Tags": _scaling_tags(self).get(arn, {})})


def _tag_resource(self):
    arn = self._get_param("ResourceARN")
    _scaling_tags(self).setdefault(arn, {}).update(self._get_param("Tags") or {})
    return "{}"


def _untag_resource(self):
    arn = self._get_param("ResourceARN")
    for key in self._get_param("TagKeys") or []:
        _scaling_tags(self).get(arn, {}).pop(key, None)
    return "{}"


_register_scalable_target = ApplicationAutoScalingResponse.register_scalable_target


def _register_scalable_target_with_tags(self):
    body = _register_scalable_target(self)
    tags = self._get_param("Tags")
    if tags:
        _scaling_tags(self).setdefault(json.loads(body)["ScalableTargetARN"], {}).update(tags)
    return body


# moto drops an ECS service's capacity provider strategy on create and never returns it, so the
# provider plans a replacement after every apply and a change of the Spot share is invisible.
# Keep what CreateService was given (UpdateService already stores every property it gets).
_create_service = EC2ContainerServiceResponse.create_service


def _create_service_with_strategy(self):
    result = _create_service(self)
    strategy = self._get_param("capacityProviderStrategy")
    if strategy:
        service = self.ecs_backend._get_service(
            self._get_param("cluster", "default"), self._get_param("serviceName")
        )
        service.capacity_provider_strategy = strategy
    return result


EC2ContainerServiceResponse.create_service = _create_service_with_strategy


# ECS refuses a load balancer whose container port the service's task definition does not map
# ("The container <name> did not have a container port <port> defined."): on CreateService, and
# on UpdateService against the task definition it names, else the one the service runs. The ECS
# guide: "the container name and container port that were specified ... must remain in the task
# definition" (quoted in aws/amazon-ecs-agent#497; the Terraform side of it is
# hashicorp/terraform-provider-aws#4227). moto accepts any port, so an apply that AWS refuses (Terraform moving the load balancer to a new
# port while CI owns the running revision) would pass here. Enforce it.
def _container_ports_checked(action):
    def checked(self):
        backend = self.ecs_backend
        cluster = self._get_param("cluster", "default")
        service_name = self._get_param("service") or self._get_param("serviceName")
        load_balancers = self._get_param("loadBalancers")
        definition_ref = self._get_param("taskDefinition")
        if load_balancers is None or definition_ref is None:
            try:
                service = backend._get_service(cluster, service_name.split("/")[-1])
            except Exception:  # a missing service is the action's own error to raise
                service = None
            if service is not None:
                load_balancers = service.load_balancers if load_balancers is None else load_balancers
                definition_ref = definition_ref or service.task_definition
        if load_balancers and definition_ref:
            definition = backend.describe_task_definition(definition_ref)
            for balancer in load_balancers:
                name, port = balancer.get("containerName"), balancer.get("containerPort")
                containers = [c for c in definition.container_definitions if c.get("name") == name]
                if not containers:
                    raise InvalidParameterException(
                        f"The container {name} does not exist in the task definition."
                    )
                mapped = {m.get("containerPort") for m in containers[0].get("portMappings") or []}
                if port not in mapped:
                    raise InvalidParameterException(
                        f"The container {name} did not have a container port {port} defined."
                    )
        return action(self)

    return checked


EC2ContainerServiceResponse.create_service = _container_ports_checked(
    EC2ContainerServiceResponse.create_service
)
EC2ContainerServiceResponse.update_service = _container_ports_checked(
    EC2ContainerServiceResponse.update_service
)


# moto runs no tasks: a service keeps the deployment it was created with (its first task
# definition, zero running tasks), so `aws ecs wait services-stable` never returns and a rollout
# cannot tell its new revision went out. Model a rolling deployment that succeeds: after an
# UpdateService that names a task definition, one PRIMARY deployment of it has COMPLETED with
# every desired task running. (Whether the image starts and passes its health checks is not
# modelled; the circuit breaker's rollback is the deploy workflow's to report.)
_update_service = EC2ContainerServiceResponse.update_service


def _update_service_deployed(self):
    result = _update_service(self)
    definition = self._get_param("taskDefinition")
    if definition:
        service = self.ecs_backend._get_service(
            self._get_param("cluster", "default"), self._get_param("service").split("/")[-1]
        )
        service.running_count = service.desired_count
        service.pending_count = 0
        for deployment in service.deployments[:1]:
            deployment.update(
                taskDefinition=service.task_definition,
                desiredCount=service.desired_count,
                runningCount=service.desired_count,
                pendingCount=0,
                rolloutState="COMPLETED",
                status="PRIMARY",
            )
    return result


EC2ContainerServiceResponse.update_service = _update_service_deployed


# moto gives every RDS instance the same resource id (db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U), and the
# provider finds an instance by it after a modify: with two instances in one account (dev and
# prod) the lookup matches both and the apply fails. One id per instance, as in AWS.
_db_instance_init = DBInstance.__init__


def _db_instance_init_with_own_id(self, *args, **kwargs):
    _db_instance_init(self, *args, **kwargs)
    digest = hashlib.sha256(
        f"{self.account_id}:{self.region}:{self.db_instance_identifier}".encode()
    ).digest()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    self.dbi_resource_id = "db-" + "".join(alphabet[b % 32] for b in digest[:26])
    self.performance_insights_enabled = False
    self.performance_insights_retention_period = None
    self.performance_insights_kms_key_id = None
    _keep_performance_insights(self, kwargs)


# moto drops an instance's Performance Insights settings (CreateDBInstance and ModifyDBInstance's
# EnablePerformanceInsights, PerformanceInsightsKMSKeyId, PerformanceInsightsRetentionPeriod), so
# every plan after an apply would turn them on again. Kept and returned as RDS does: enabled with
# 7 days of retention unless another is asked for.
def _keep_performance_insights(instance, params):
    enabled = params.get("enable_performance_insights")
    if enabled is not None:
        instance.performance_insights_enabled = bool(enabled)
        if enabled and instance.performance_insights_retention_period is None:
            instance.performance_insights_retention_period = 7
        if not enabled:
            instance.performance_insights_retention_period = None
            instance.performance_insights_kms_key_id = None
    for key, value in params.items():
        if value is None:
            continue
        if key == "performance_insights_retention_period":
            instance.performance_insights_retention_period = int(value)
        elif key.startswith("performance_insights_kms"):
            instance.performance_insights_kms_key_id = value


_db_instance_update = DBInstance.update


def _db_instance_update_keeping_performance_insights(self, *args, **kwargs):
    insights = {k: kwargs.pop(k) for k in list(kwargs) if "performance_insights" in k}
    _db_instance_update(self, *args, **kwargs)
    _keep_performance_insights(self, insights)


DBInstance.__init__ = _db_instance_init_with_own_id
DBInstance.update = _db_instance_update_keeping_performance_insights
ApplicationAutoScalingResponse.list_tags_for_resource = _list_tags_for_resource
ApplicationAutoScalingResponse.tag_resource = _tag_resource
ApplicationAutoScalingResponse.untag_resource = _untag_resource
ApplicationAutoScalingResponse.register_scalable_target = _register_scalable_target_with_tags
ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = _recording_normal
ActionAuthenticatorMixin._authenticate_and_authorize_s3_action = _recording_s3

def _exit_with_parent():
    """A test that is killed cannot stop its moto: this one stops when its parent is gone."""
    parent = os.getppid()
    while True:
        time.sleep(2)
        if os.getppid() != parent:
            os._exit(0)


if __name__ == "__main__":
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    sys.exit(main())
