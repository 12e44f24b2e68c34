//! `[network]`.

use super::{assert_reports, with};

#[test]
fn network_rules() {
    assert_reports(
        &with("[network]\ncidr = \"10.0.0/16\""),
        "is not an IPv4 CIDR block",
    );
    assert_reports(
        &with("[network]\ncidr = \"10.0.0.0/8\""),
        "between /16 and /24",
    );
    assert_reports(
        &with("[network]\ncidr = \"10.0.0.0/25\""),
        "between /16 and /24",
    );
    assert_reports(
        &with("[network]\ncidr = \"10.0.1.0/16\""),
        "has host bits set",
    );
    assert_reports(
        &with(
            "[network]\ncidr = \"10.0.0.0/24\"\navailability_zones = [\"eu-west-1a\", \"eu-west-1b\", \"eu-west-1c\", \"eu-west-1a\", \"eu-west-1b\", \"eu-west-1c\"]",
        ),
        "has no room for 18 subnets",
    );
    assert_reports(
        &with("[network]\navailability_zones = [\"eu-west-1a\"]"),
        "at least two availability zones",
    );
    assert_reports(
        &with("[network]\navailability_zones = [\"eu-west-1a\", \"us-east-1b\"]"),
        "is not an availability zone of eu-west-1",
    );
    assert_reports(
        &with("[network]\navailability_zones = [\"eu-west-1a\", \"eu-west-1a\"]"),
        "is listed twice",
    );
    assert_reports(
        &with("[network]\nnat = \"none\"\nendpoints = [\"s3\"]"),
        "without NAT, tasks cannot pull images",
    );
    assert_reports(
        &with("[network]\ncidr = \"8.8.0.0/16\""),
        "is not a private (RFC 1918) range",
    );
}
