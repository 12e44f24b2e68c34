"""EKS fills for moto 5.2.5: what the AWS provider calls for plinth's EKS roots and moto lacks.

Imported by tests/moto/recording_server.py before the server starts. Each fill names the gap it
fills. Shapes follow the Amazon EKS API reference (request and response members, error types);
state lives on moto's own Cluster objects, so deleting a cluster drops what hangs off it, as in
AWS. Nothing here talks to Kubernetes: an add-on is ACTIVE as soon as it is created, an access
entry grants nothing anyone could use, a node group starts no instance.

Gaps filled:
- access entries and access policy associations (CreateAccessEntry, DescribeAccessEntry,
  ListAccessEntries, UpdateAccessEntry, DeleteAccessEntry, AssociateAccessPolicy,
  ListAssociatedAccessPolicies, DisassociateAccessPolicy): not implemented;
- managed add-ons (CreateAddon, DescribeAddon, ListAddons, UpdateAddon, DeleteAddon), with the
  Pod Identity associations an add-on owns: not implemented;
- Pod Identity associations (Create, Describe, List, Update, Delete): not implemented;
- the cluster security group EKS creates for every cluster
  (resourcesVpcConfig.clusterSecurityGroupId), made here as a real moto EC2 security group in the
  cluster's VPC and deleted with the cluster: moto returns none, so nothing could reference it;
- accessConfig and upgradePolicy of a cluster, kept from CreateCluster and UpdateClusterConfig:
  moto drops them, so every plan would show a change;
- cluster updates (UpdateClusterConfig answering with an update as AWS does, not with the cluster;
  UpdateClusterVersion; DescribeUpdate; ListUpdates) and UpdateNodegroupVersion, with EKS's rules
  (one minor version at a time, never down; a node group not newer than its cluster);
- a node group's updateConfig and nodeRepairConfig, kept from CreateNodegroup: moto drops them;
  and its remoteAccess, none unless asked for: moto makes up an SSH key (`eksKeypair`);
- tags of node groups, add-ons, access entries and Pod Identity associations (TagResource,
  UntagResource, ListTagsForResource): moto tags clusters only;
- a launch template's own tags (CreateLaunchTemplate's top-level TagSpecifications, resource type
  `launch-template`): moto also copies them into the template data, so the provider reads back a
  `tag_specifications` block nobody wrote and every plan after the first apply changes the node
  groups' template. In EC2 the template's tags are not template data (DescribeLaunchTemplateVersions
  returns only the TagSpecifications given in LaunchTemplateData).
"""

import json
import re
import string

from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow
from moto.ec2.models.launch_templates import LaunchTemplateBackend
from moto.eks import urls as eks_urls
from moto.eks.exceptions import (
    InvalidParameterException,
    InvalidRequestException,
    ResourceInUseException,
    ResourceNotFoundException,
)
from moto.eks.models import EKSBackend
from moto.eks.responses import EKSResponse
from moto.moto_api._internal import mock_random as random

# moto routes only the paths it implements: every other EKS path must reach the same dispatcher,
# which picks the operation from botocore's model of the method and URI.
eks_urls.url_paths.update(
    {
        "{0}/clusters/(?P<name>[^/]+)/(?P<plinth_rest>.+)$": eks_urls.response.dispatch,
        "{0}/addons/supported-versions$": eks_urls.response.dispatch,
    }
)

# The access policies EKS offers (ListAccessPolicies); AssociateAccessPolicy refuses others.
ACCESS_POLICIES = (
    "AmazonEKSAdminPolicy",
    "AmazonEKSAdminViewPolicy",
    "AmazonEKSClusterAdminPolicy",
    "AmazonEKSEditPolicy",
    "AmazonEKSViewPolicy",
    "AmazonEKSAutoNodePolicy",
    "AmazonEKSBlockStoragePolicy",
    "AmazonEKSComputePolicy",
    "AmazonEKSLoadBalancingPolicy",
    "AmazonEKSNetworkingPolicy",
)
ACCESS_POLICY_PREFIX = "arn:aws:eks::aws:cluster-access-policy/"
ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):role/(?:.*/)?([\w+=,.@-]+)$")
PRINCIPAL_ARN = re.compile(r"^arn:aws[a-z-]*:(iam|sts)::(\d{12}):(role|user|assumed-role)/(?:.*/)?([\w+=,.@-]+)$")
ADDON_VERSION = re.compile(r"^v\d+\.\d+\.\d+-eksbuild\.\d+$")


def _param(self, *names, default=None):
    for name in names:
        value = self._get_param(name)
        if value is not None:
            return value
    return default


def _not_found(message, **kwargs):
    return ResourceNotFoundException(
        clusterName=kwargs.get("clusterName"),
        nodegroupName=kwargs.get("nodegroupName"),
        fargateProfileName=None,
        addonName=kwargs.get("addonName"),
        message=message,
    )


def _cluster(self, name=None):
    name = name or _param(self, "name", "clusterName")
    cluster = self.eks_backend.clusters.get(name)
    if cluster is None:
        raise _not_found(f"No cluster found for name: {name}.", clusterName=name)
    for attribute in ("plinth_access_entries", "plinth_addons", "plinth_pod_identities",
                      "plinth_updates"):
        if not hasattr(cluster, attribute):
            setattr(cluster, attribute, {})
    return cluster


def _arn(self, kind, *parts):
    return f"arn:aws:eks:{self.region}:{self.current_account}:{kind}/" + "/".join(parts)


def _page(self, items, key, **extra):
    """maxResults/nextToken paging over a sorted list, as the List* operations do."""
    items = list(items)
    limit = int(_param(self, "maxResults", default=100))
    token = _param(self, "nextToken")
    start = int(token) if token else 0
    end = start + limit
    result = dict(extra, **{key: items[start:end]})
    if end < len(items):
        result["nextToken"] = str(end)
    return ActionResult(result)


def _update(cluster, kind, params, **names):
    """An update record (EKS's Update shape), kept for DescribeUpdate and ListUpdates."""
    update = {
        "id": str(random.uuid4()),
        "status": "Successful",
        "type": kind,
        "params": [{"type": k, "value": str(v)} for k, v in params],
        "createdAt": utcnow(),
        "errors": [],
    }
    cluster.plinth_updates[update["id"]] = dict(update, **names)
    return update


# --------------------------------------------------------------------------------------------
# Cluster: security group, accessConfig, upgradePolicy, updates
# --------------------------------------------------------------------------------------------

_create_cluster = EKSResponse.create_cluster


def _create_cluster_filled(self):
    """EKS creates a cluster security group in the cluster's VPC (the nodes of managed node
    groups get it, and data stores open their ports to it) and keeps accessConfig and
    upgradePolicy; moto does neither."""
    from moto.ec2.models import ec2_backends

    access = _param(self, "accessConfig") or {}
    mode = access.get("authenticationMode", "CONFIG_MAP")
    if mode not in ("CONFIG_MAP", "API", "API_AND_CONFIG_MAP"):
        raise InvalidParameterException(message=f"Unsupported authentication mode: {mode}")
    result = _create_cluster(self)
    cluster = _cluster(self, _param(self, "name"))
    ec2 = ec2_backends[self.current_account][self.region]
    config = dict(cluster.resources_vpc_config or {})
    subnets = config.get("subnetIds") or []
    vpc_id = ec2.get_subnet(subnets[0]).vpc_id if subnets else None
    suffix = "".join(random.choice(string.digits) for _ in range(10))
    group = ec2.create_security_group(
        name=f"eks-cluster-sg-{cluster.name}-{suffix}",
        description="EKS created security group applied to ENI that is attached to EKS Control "
        "Plane master nodes, as well as any managed workloads.",
        vpc_id=vpc_id,
        tags={
            "Name": f"eks-cluster-sg-{cluster.name}-{suffix}",
            "aws:eks:cluster-name": cluster.name,
            f"kubernetes.io/cluster/{cluster.name}": "owned",
        },
    )
    config.update(
        clusterSecurityGroupId=group.id,
        vpcId=vpc_id,
        securityGroupIds=config.get("securityGroupIds") or [],
        endpointPrivateAccess=bool(config.get("endpointPrivateAccess", False)),
        endpointPublicAccess=bool(config.get("endpointPublicAccess", True)),
        publicAccessCidrs=config.get("publicAccessCidrs") or ["0.0.0.0/0"],
    )
    cluster.resources_vpc_config = config
    cluster.access_config = {
        "authenticationMode": mode,
        "bootstrapClusterCreatorAdminPermissions": access.get(
            "bootstrapClusterCreatorAdminPermissions", True
        ),
    }
    cluster.upgrade_policy = _param(self, "upgradePolicy") or {"supportType": "EXTENDED"}
    return result


_delete_cluster = EKSBackend.delete_cluster


def _delete_cluster_filled(self, name):
    """EKS deletes the cluster security group with the cluster."""
    from moto.ec2.models import ec2_backends

    cluster = _delete_cluster(self, name)
    group = (cluster.resources_vpc_config or {}).get("clusterSecurityGroupId")
    if group:
        ec2_backends[self.account_id][self.region_name].delete_security_group(group_id=group)
    return cluster


def _update_cluster_config(self):
    """UpdateClusterConfig answers with an update (moto: with the cluster), merges
    resourcesVpcConfig into the existing one (moto replaces it, losing the cluster security
    group), and applies accessConfig and upgradePolicy."""
    cluster = _cluster(self)
    params = []
    vpc = _param(self, "resourcesVpcConfig")
    if vpc:
        cluster.resources_vpc_config = dict(cluster.resources_vpc_config, **vpc)
        params += [(k[0].upper() + k[1:], json.dumps(v)) for k, v in vpc.items()]
    logging = _param(self, "logging")
    if logging:
        cluster.logging = logging
        params.append(("ClusterLogging", json.dumps(logging)))
    access = _param(self, "accessConfig")
    if access:
        current = cluster.access_config["authenticationMode"]
        mode = access.get("authenticationMode", current)
        order = ["CONFIG_MAP", "API_AND_CONFIG_MAP", "API"]
        if order.index(mode) < order.index(current):
            raise InvalidParameterException(
                message=f"Unsupported authentication mode update from {current} to {mode}"
            )
        cluster.access_config["authenticationMode"] = mode
        params.append(("AuthenticationMode", mode))
    upgrade = _param(self, "upgradePolicy")
    if upgrade:
        cluster.upgrade_policy = upgrade
        params.append(("UpgradePolicySupportType", upgrade.get("supportType")))
    if not params:
        raise InvalidParameterException(message="No changes needed")
    kind = "AccessConfigUpdate" if access else "EndpointAccessUpdate" if vpc else (
        "LoggingUpdate" if logging else "UpgradePolicyUpdate")
    return ActionResult({"update": _update(cluster, kind, params)})


def _minor(version):
    major, minor = (int(p) for p in str(version).split(".")[:2])
    return major, minor


def _update_cluster_version(self):
    """One minor version at a time and never down, as EKS requires; node groups may lag."""
    cluster = _cluster(self)
    version = _param(self, "version")
    current = _minor(cluster.version)
    wanted = _minor(version)
    if wanted == current:
        raise InvalidParameterException(message=f"Unsupported Kubernetes minor version update from {cluster.version} to {version}")
    if wanted[0] != current[0] or wanted[1] != current[1] + 1:
        raise InvalidParameterException(
            message=f"Unsupported Kubernetes minor version update from {cluster.version} to {version}"
        )
    cluster.version = version
    cluster.platformVersion = "eks.1"
    update = _update(cluster, "VersionUpdate", [("Version", version),
                                                ("PlatformVersion", "eks.1")])
    return ActionResult({"update": update})


def _describe_update(self):
    cluster = _cluster(self)
    update = cluster.plinth_updates.get(_param(self, "updateId"))
    wanted = (_param(self, "nodegroupName"), _param(self, "addonName"))
    if update is None or (update.get("nodegroupName"), update.get("addonName")) != wanted:
        raise _not_found(f"No update found for ID: {_param(self, 'updateId')}.")
    return ActionResult({"update": {k: v for k, v in update.items()
                                    if k not in ("nodegroupName", "addonName")}})


def _list_updates(self):
    cluster = _cluster(self)
    wanted = (_param(self, "nodegroupName"), _param(self, "addonName"))
    ids = [i for i, u in cluster.plinth_updates.items()
           if (u.get("nodegroupName"), u.get("addonName")) == wanted]
    return _page(self, ids, "updateIds")


# --------------------------------------------------------------------------------------------
# Node groups: updateConfig, nodeRepairConfig, UpdateNodegroupVersion
# --------------------------------------------------------------------------------------------

_create_nodegroup = EKSResponse.create_nodegroup


def _create_nodegroup_filled(self):
    result = _create_nodegroup(self)
    group = _cluster(self).nodegroups[_param(self, "nodegroupName")]
    group.update_config = _param(self, "updateConfig") or {"maxUnavailable": 1}
    group.node_repair_config = _param(self, "nodeRepairConfig") or {"enabled": False}
    # moto gives a group created without remote access a made-up SSH key (eksKeypair); EKS
    # returns no remoteAccess, and the provider would replace the group to remove the key.
    group.remote_access = _param(self, "remoteAccess")
    return result


def _update_nodegroup_version(self):
    """A node group follows its cluster: never newer than it, one update at a time; a launch
    template version may change with it."""
    cluster = _cluster(self)
    name = _param(self, "nodegroupName")
    group = cluster.nodegroups.get(name)
    if group is None:
        raise _not_found(f"No node group found for name: {name}.", nodegroupName=name)
    version = _param(self, "version")
    template = _param(self, "launchTemplate")
    params = []
    if version:
        if _minor(version) > _minor(cluster.version):
            raise InvalidParameterException(
                message=f"Requested Nodegroup release version {version} is invalid. "
                f"Nodegroup version cannot be greater than cluster version {cluster.version}"
            )
        group.version = version
        params.append(("Version", version))
    release = _param(self, "releaseVersion")
    if release:
        group.release_version = release
        params.append(("ReleaseVersion", release))
    if template:
        group.launch_template = dict(group.launch_template or {}, **template)
        params.append(("LaunchTemplateVersion", template.get("version")))
    if not params:
        raise InvalidParameterException(message="No changes needed")
    group.modified_at = utcnow()
    update = _update(cluster, "VersionUpdate", params, nodegroupName=name)
    return ActionResult({"update": {k: v for k, v in update.items() if k != "nodegroupName"}})


_update_nodegroup_config = EKSResponse.update_nodegroup_config


def _update_nodegroup_config_recorded(self):
    """moto answers without keeping the update: keep it for DescribeUpdate."""
    result = _update_nodegroup_config(self)
    update = dict(result.result["update"])
    cluster = _cluster(self)
    cluster.plinth_updates[update["id"]] = dict(update, nodegroupName=_param(self, "nodegroupName"))
    return result


# --------------------------------------------------------------------------------------------
# Access entries and access policies
# --------------------------------------------------------------------------------------------

def _entry(self, cluster, principal=None):
    principal = principal or _param(self, "principalArn")
    entry = cluster.plinth_access_entries.get(principal)
    if entry is None:
        raise _not_found(
            f"The specified principalArn could not be found. You can view your available access "
            f"entries with 'list-access-entries'.", clusterName=cluster.name
        )
    return entry


def _shown(entry):
    return {k: v for k, v in entry.items() if not k.startswith("_")}


def _require_api_mode(cluster):
    if cluster.access_config["authenticationMode"] == "CONFIG_MAP":
        raise InvalidRequestException(
            message="The cluster's authentication mode must be set to one of [API, "
            "API_AND_CONFIG_MAP] to perform this operation."
        )


def _create_access_entry(self):
    cluster = _cluster(self)
    _require_api_mode(cluster)
    principal = _param(self, "principalArn")
    match = PRINCIPAL_ARN.match(principal or "")
    if not match or match.group(3) == "assumed-role":
        raise InvalidParameterException(message=f"The specified principalArn is invalid: {principal}")
    if principal in cluster.plinth_access_entries:
        raise ResourceInUseException(
            clusterName=cluster.name, nodegroupName=None, addonName=None,
            message="The specified access entry resource is already in use on this cluster.",
        )
    kind = _param(self, "type", default="STANDARD")
    groups = _param(self, "kubernetesGroups") or []
    if kind != "STANDARD" and groups:
        raise InvalidParameterException(message=f"kubernetesGroups cannot be specified for type {kind}")
    _, account, identity, name = match.groups()
    username = _param(self, "username") or (
        f"arn:aws:sts::{account}:assumed-role/{name}/{{{{SessionName}}}}"
        if identity == "role" else principal
    )
    now = utcnow()
    entry = {
        "clusterName": cluster.name,
        "principalArn": principal,
        "kubernetesGroups": groups,
        "accessEntryArn": _arn(self, "access-entry", cluster.name, identity, account, name,
                               str(random.uuid4())),
        "createdAt": now,
        "modifiedAt": now,
        "tags": _param(self, "tags") or {},
        "username": username,
        "type": kind,
        "_policies": {},
    }
    cluster.plinth_access_entries[principal] = entry
    return ActionResult({"accessEntry": _shown(entry)})


def _describe_access_entry(self):
    return ActionResult({"accessEntry": _shown(_entry(self, _cluster(self)))})


def _update_access_entry(self):
    entry = _entry(self, _cluster(self))
    for name in ("kubernetesGroups", "username"):
        value = _param(self, name)
        if value is not None:
            entry[name] = value
    entry["modifiedAt"] = utcnow()
    return ActionResult({"accessEntry": _shown(entry)})


def _delete_access_entry(self):
    cluster = _cluster(self)
    entry = _entry(self, cluster)
    del cluster.plinth_access_entries[entry["principalArn"]]
    return ActionResult({})


def _list_access_entries(self):
    cluster = _cluster(self)
    policy = _param(self, "associatedPolicyArn")
    principals = sorted(p for p, e in cluster.plinth_access_entries.items()
                        if policy is None or policy in e["_policies"])
    return _page(self, principals, "accessEntries")


def _associate_access_policy(self):
    cluster = _cluster(self)
    entry = _entry(self, cluster)
    policy = _param(self, "policyArn")
    if not (policy or "").startswith(ACCESS_POLICY_PREFIX) or \
            policy[len(ACCESS_POLICY_PREFIX):] not in ACCESS_POLICIES:
        raise _not_found(f"The specified policyArn could not be found: {policy}")
    scope = _param(self, "accessScope") or {}
    if scope.get("type") not in ("cluster", "namespace"):
        raise InvalidParameterException(message="accessScope type must be cluster or namespace")
    if scope["type"] == "namespace" and not scope.get("namespaces"):
        raise InvalidParameterException(message="namespaces must be specified for a namespace access scope")
    if scope["type"] == "cluster" and scope.get("namespaces"):
        raise InvalidParameterException(message="namespaces cannot be specified for a cluster access scope")
    now = utcnow()
    previous = entry["_policies"].get(policy)
    association = {
        "policyArn": policy,
        "accessScope": {"type": scope["type"], "namespaces": scope.get("namespaces") or []},
        "associatedAt": previous["associatedAt"] if previous else now,
        "modifiedAt": now,
    }
    entry["_policies"][policy] = association
    return ActionResult({"clusterName": cluster.name, "principalArn": entry["principalArn"],
                         "associatedAccessPolicy": association})


def _list_associated_access_policies(self):
    cluster = _cluster(self)
    entry = _entry(self, cluster)
    return _page(self, [entry["_policies"][p] for p in sorted(entry["_policies"])],
                 "associatedAccessPolicies", clusterName=cluster.name,
                 principalArn=entry["principalArn"])


def _disassociate_access_policy(self):
    cluster = _cluster(self)
    entry = _entry(self, cluster)
    policy = _param(self, "policyArn")
    if entry["_policies"].pop(policy, None) is None:
        raise _not_found(f"The specified policyArn is not associated: {policy}")
    return ActionResult({})


# --------------------------------------------------------------------------------------------
# Pod Identity associations
# --------------------------------------------------------------------------------------------

def _association(self, cluster, association_id=None):
    association_id = association_id or _param(self, "associationId")
    association = cluster.plinth_pod_identities.get(association_id)
    if association is None:
        raise _not_found(f"No Pod Identity association found for ID: {association_id}.",
                         clusterName=cluster.name)
    return association


def _new_association(self, cluster, namespace, service_account, role_arn, tags, owner=None):
    if not ROLE_ARN.match(role_arn or ""):
        raise InvalidParameterException(message=f"Invalid role ARN: {role_arn}")
    for existing in cluster.plinth_pod_identities.values():
        if (existing["namespace"], existing["serviceAccount"]) == (namespace, service_account):
            raise ResourceInUseException(
                clusterName=cluster.name, nodegroupName=None, addonName=None,
                message="Association already exists: "
                f"{existing['associationId']}",
            )
    association_id = "a-" + "".join(
        random.choice(string.ascii_lowercase + string.digits) for _ in range(17)
    )
    now = utcnow()
    association = {
        "clusterName": cluster.name,
        "namespace": namespace,
        "serviceAccount": service_account,
        "roleArn": role_arn,
        "associationArn": _arn(self, "podidentityassociation", cluster.name, association_id),
        "associationId": association_id,
        "tags": tags or {},
        "createdAt": now,
        "modifiedAt": now,
        "disableSessionTags": False,
    }
    if owner:
        association["ownerArn"] = owner
    cluster.plinth_pod_identities[association_id] = association
    return association


def _create_pod_identity_association(self):
    cluster = _cluster(self)
    association = _new_association(
        self, cluster, _param(self, "namespace"), _param(self, "serviceAccount"),
        _param(self, "roleArn"), _param(self, "tags"),
    )
    return ActionResult({"association": association})


def _describe_pod_identity_association(self):
    return ActionResult({"association": _association(self, _cluster(self))})


def _update_pod_identity_association(self):
    association = _association(self, _cluster(self))
    role = _param(self, "roleArn")
    if role:
        if not ROLE_ARN.match(role):
            raise InvalidParameterException(message=f"Invalid role ARN: {role}")
        association["roleArn"] = role
    association["modifiedAt"] = utcnow()
    return ActionResult({"association": association})


def _delete_pod_identity_association(self):
    cluster = _cluster(self)
    association = _association(self, cluster)
    if association.get("ownerArn"):
        raise InvalidRequestException(
            message="Cannot delete a Pod Identity association owned by an add-on: "
            f"{association['ownerArn']}"
        )
    del cluster.plinth_pod_identities[association["associationId"]]
    return ActionResult({"association": association})


def _list_pod_identity_associations(self):
    cluster = _cluster(self)
    namespace, account = _param(self, "namespace"), _param(self, "serviceAccount")
    summaries = [
        {k: a[k] for k in ("clusterName", "namespace", "serviceAccount", "associationArn",
                           "associationId", "ownerArn") if k in a}
        for _, a in sorted(cluster.plinth_pod_identities.items())
        if namespace in (None, a["namespace"]) and account in (None, a["serviceAccount"])
    ]
    return _page(self, summaries, "associations")


# --------------------------------------------------------------------------------------------
# Add-ons
# --------------------------------------------------------------------------------------------

def _addon(self, cluster, name=None):
    name = name or _param(self, "addonName")
    addon = cluster.plinth_addons.get(name)
    if addon is None:
        raise _not_found(f"No addon: {name} found in cluster: {cluster.name}",
                         clusterName=cluster.name, addonName=name)
    return addon


def _check_configuration(values):
    if values in (None, ""):
        return
    try:
        json.loads(values)
    except ValueError:
        # EKS accepts YAML too; plinth writes JSON, so anything else is refused here.
        raise InvalidParameterException(message="ConfigurationValue provided in request is not supported: not valid JSON")


def _addon_associations(self, cluster, addon_arn, wanted):
    """The Pod Identity associations an add-on owns, in the add-on's namespace (kube-system for
    the add-ons plinth installs)."""
    arns = []
    for item in wanted or []:
        association = _new_association(self, cluster, "kube-system", item.get("serviceAccount"),
                                       item.get("roleArn"), None, owner=addon_arn)
        arns.append(association["associationArn"])
    return arns


def _drop_addon_associations(cluster, addon):
    for association_id in [i for i, a in cluster.plinth_pod_identities.items()
                           if a.get("ownerArn") == addon["addonArn"]]:
        del cluster.plinth_pod_identities[association_id]
    addon["podIdentityAssociations"] = []


def _create_addon(self):
    cluster = _cluster(self)
    name = _param(self, "addonName")
    if name in cluster.plinth_addons:
        raise ResourceInUseException(clusterName=cluster.name, nodegroupName=None, addonName=name,
                                     message=f"Addon already exists with name: {name}")
    version = _param(self, "addonVersion")
    if version and not ADDON_VERSION.match(version):
        raise InvalidParameterException(message=f"Addon version specified is not supported: {version}")
    _check_configuration(_param(self, "configurationValues"))
    now = utcnow()
    arn = _arn(self, "addon", cluster.name, name, str(random.uuid4()))
    addon = {
        "addonName": name,
        "clusterName": cluster.name,
        "status": "ACTIVE",
        "addonVersion": version or "v1.0.0-eksbuild.1",
        "health": {"issues": []},
        "addonArn": arn,
        "createdAt": now,
        "modifiedAt": now,
        "tags": _param(self, "tags") or {},
        "configurationValues": _param(self, "configurationValues") or "",
    }
    role = _param(self, "serviceAccountRoleArn")
    if role:
        addon["serviceAccountRoleArn"] = role
    addon["podIdentityAssociations"] = _addon_associations(
        self, cluster, arn, _param(self, "podIdentityAssociations"))
    cluster.plinth_addons[name] = addon
    return ActionResult({"addon": addon})


def _describe_addon(self):
    return ActionResult({"addon": _addon(self, _cluster(self))})


def _update_addon(self):
    cluster = _cluster(self)
    addon = _addon(self, cluster)
    params = []
    version = _param(self, "addonVersion")
    if version:
        if not ADDON_VERSION.match(version):
            raise InvalidParameterException(message=f"Addon version specified is not supported: {version}")
        addon["addonVersion"] = version
        params.append(("AddonVersion", version))
    values = _param(self, "configurationValues")
    if values is not None:
        _check_configuration(values)
        addon["configurationValues"] = values
        params.append(("ConfigurationValues", values))
    role = _param(self, "serviceAccountRoleArn")
    if role is not None:
        addon["serviceAccountRoleArn"] = role
        params.append(("ServiceAccountRoleArn", role))
    associations = _param(self, "podIdentityAssociations")
    if associations is not None:
        _drop_addon_associations(cluster, addon)
        addon["podIdentityAssociations"] = _addon_associations(self, cluster, addon["addonArn"],
                                                               associations)
        params.append(("PodIdentityAssociations", json.dumps(associations)))
    resolve = _param(self, "resolveConflicts")
    if resolve:
        params.append(("ResolveConflicts", resolve))
    addon["modifiedAt"] = utcnow()
    update = _update(cluster, "AddonUpdate", params, addonName=addon["addonName"])
    return ActionResult({"update": {k: v for k, v in update.items() if k != "addonName"}})


def _delete_addon(self):
    cluster = _cluster(self)
    addon = _addon(self, cluster)
    _drop_addon_associations(cluster, addon)
    del cluster.plinth_addons[addon["addonName"]]
    return ActionResult({"addon": dict(addon, status="DELETING")})


def _list_addons(self):
    return _page(self, sorted(_cluster(self).plinth_addons), "addons")


# --------------------------------------------------------------------------------------------
# Tags of every EKS resource, not only clusters
# --------------------------------------------------------------------------------------------

def _tagged(backend, arn):
    """The tag dict of the EKS resource `arn` names, or None."""
    for cluster in backend.clusters.values():
        if cluster.arn == arn:
            return cluster.tags
        for group in cluster.nodegroups.values():
            if group.arn == arn:
                return group.tags
        for store, key in (("plinth_addons", "addonArn"),
                           ("plinth_access_entries", "accessEntryArn"),
                           ("plinth_pod_identities", "associationArn")):
            for item in getattr(cluster, store, {}).values():
                if item[key] == arn:
                    return item.setdefault("tags", {})
    return None


def _tags_or_fail(self):
    arn = self._extract_arn_from_path()
    tags = _tagged(self.eks_backend, arn)
    if tags is None:
        raise _not_found("Resource was not found")
    return tags


def _tag_resource(self):
    _tags_or_fail(self).update(self._get_param("tags") or {})
    return EmptyResult()


def _untag_resource(self):
    tags = _tags_or_fail(self)
    keys = self.querystring.get("tagKeys") or self._get_param("tagKeys") or []
    for key in keys if isinstance(keys, list) else [keys]:
        tags.pop(key, None)
    return EmptyResult()


def _list_tags_for_resource(self):
    return ActionResult({"tags": _tags_or_fail(self)})


def _create_launch_template_data_untouched(self, name, description, template_data, tag_spec):
    specs = template_data.get("TagSpecifications") or []
    kept = [spec for spec in specs if spec.get("ResourceType") != "launch-template"]
    data = dict(template_data, TagSpecifications=kept) if specs else template_data
    return _create_launch_template(self, name, description, data, tag_spec)


_create_launch_template = LaunchTemplateBackend.create_launch_template
LaunchTemplateBackend.create_launch_template = _create_launch_template_data_untouched
EKSResponse.create_cluster = _create_cluster_filled
EKSBackend.delete_cluster = _delete_cluster_filled
EKSResponse.update_cluster_config = _update_cluster_config
EKSResponse.update_cluster_version = _update_cluster_version
EKSResponse.describe_update = _describe_update
EKSResponse.list_updates = _list_updates
EKSResponse.create_nodegroup = _create_nodegroup_filled
EKSResponse.update_nodegroup_version = _update_nodegroup_version
EKSResponse.update_nodegroup_config = _update_nodegroup_config_recorded
EKSResponse.create_access_entry = _create_access_entry
EKSResponse.describe_access_entry = _describe_access_entry
EKSResponse.update_access_entry = _update_access_entry
EKSResponse.delete_access_entry = _delete_access_entry
EKSResponse.list_access_entries = _list_access_entries
EKSResponse.associate_access_policy = _associate_access_policy
EKSResponse.list_associated_access_policies = _list_associated_access_policies
EKSResponse.disassociate_access_policy = _disassociate_access_policy
EKSResponse.create_pod_identity_association = _create_pod_identity_association
EKSResponse.describe_pod_identity_association = _describe_pod_identity_association
EKSResponse.update_pod_identity_association = _update_pod_identity_association
EKSResponse.delete_pod_identity_association = _delete_pod_identity_association
EKSResponse.list_pod_identity_associations = _list_pod_identity_associations
EKSResponse.create_addon = _create_addon
EKSResponse.describe_addon = _describe_addon
EKSResponse.update_addon = _update_addon
EKSResponse.delete_addon = _delete_addon
EKSResponse.list_addons = _list_addons
EKSResponse.tag_resource = _tag_resource
EKSResponse.untag_resource = _untag_resource
EKSResponse.list_tags_for_resource = _list_tags_for_resource
