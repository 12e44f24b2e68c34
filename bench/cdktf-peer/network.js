// The network of one environment: the VPC across three zones, its subnets, routes, NAT, flow
// logs and endpoints, as plinth's network module creates them.
"use strict";

const { Construct } = require("constructs");
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
const { CloudwatchLogGroup } = require("@cdktf/provider-aws/lib/cloudwatch-log-group");
const { IamRole } = require("@cdktf/provider-aws/lib/iam-role");
const { IamRolePolicy } = require("@cdktf/provider-aws/lib/iam-role-policy");
const { REGION, ZONES, json, assumeRole } = require("./shape");

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


module.exports = { Network };
