//! `[compute]`, ECS and EKS.

use super::{assert_reports, with};

#[test]
fn compute_rules() {
    assert_reports(
        &with("[compute]\nnode_groups.a.min_size = 1"),
        "`compute.node_groups` applies only to EKS",
    );
    assert_reports(
        &with("[compute]\nkubernetes_version = \"1.35\""),
        "`compute.kubernetes_version` applies only to EKS",
    );
    assert_reports(
        &with("[compute]\nplatform = \"eks\"\nfargate_spot_percent = 20"),
        "`compute.fargate_spot_percent` applies only to ECS",
    );
    assert_reports(
        &with("[compute]\nfargate_spot_percent = 101"),
        "is a percentage",
    );
    assert_reports(
        &with("[compute]\nplatform = \"eks\"\nkubernetes_version = \"1.20\""),
        "EKS does not offer Kubernetes `1.20`",
    );
    assert_reports(
        &with("[compute]\nplatform = \"eks\"\npublic_endpoint = true"),
        "needs `public_access_cidrs`",
    );
    assert_reports(
        &with("[compute]\nplatform = \"eks\"\nadmins = [\"bob\"]"),
        "is not an IAM principal ARN",
    );
    assert_reports(
        &with("[compute]\nplatform = \"eks\"\n[compute.node_groups.a]\nmin_size = 3\nmax_size = 2"),
        "node group sizes must satisfy",
    );
    assert_reports(
        &with(
            "[compute]\nplatform = \"eks\"\n[compute.node_groups.a]\ninstance_types = [\"large\"]",
        ),
        "is not an EC2 instance type",
    );
    assert_reports(
        &with("[compute]\nplatform = \"eks\"\n[compute.node_groups.A]"),
        "node group name `A` is not DNS-safe",
    );
}
