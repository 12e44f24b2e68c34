// The application load balancer with its HTTP→HTTPS redirect and HTTPS listener.
"use strict";

const { Construct } = require("constructs");
const { SecurityGroup } = require("@cdktf/provider-aws/lib/security-group");
const { VpcSecurityGroupIngressRule } = require("@cdktf/provider-aws/lib/vpc-security-group-ingress-rule");
const { VpcSecurityGroupEgressRule } = require("@cdktf/provider-aws/lib/vpc-security-group-egress-rule");
const { Lb } = require("@cdktf/provider-aws/lib/lb");
const { LbTargetGroup } = require("@cdktf/provider-aws/lib/lb-target-group");
const { LbListener } = require("@cdktf/provider-aws/lib/lb-listener");
const { LbListenerRule } = require("@cdktf/provider-aws/lib/lb-listener-rule");

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


module.exports = { LoadBalancer };
