//! ECR repositories and the application buckets.

use plinth_blueprint::model::{Environment, ImageSource};

use crate::Unit;
use crate::assumptions::{
    ECR_GB_PER_REPOSITORY, S3_GB_PER_BUCKET, S3_GET_THOUSANDS_PER_BUCKET,
    S3_PUT_THOUSANDS_PER_BUCKET, number,
};

use super::{Builder, GbEach, count, plural};

/// ECR repositories of CI-built services, and the application buckets.
pub(super) fn storage(b: &mut Builder, env: &Environment) {
    let p = b.prices;
    let repositories = count(
        env.services
            .iter()
            .filter(|s| matches!(s.image, ImageSource::Build { .. }))
            .count(),
    );
    b.add_gb_each(
        "ECR storage",
        GbEach {
            count: repositories,
            nouns: ("repository", "repositories"),
            each: ECR_GB_PER_REPOSITORY,
            assumption: "Each ECR repository keeps {} GB of images.",
        },
        Unit::GbMonth,
        p.ecr_storage_gb_month,
    );
    let buckets = count(env.buckets.len());
    let buckets_text = plural(buckets, "bucket", "buckets");
    b.add(
        "S3 Standard storage",
        format!("{buckets_text} × {} GB", number(S3_GB_PER_BUCKET)),
        buckets * S3_GB_PER_BUCKET,
        Unit::GbMonth,
        p.s3_standard_gb_month,
    );
    b.add(
        "S3 PUT/COPY/POST/LIST requests",
        format!(
            "{buckets_text} × {} thousand",
            number(S3_PUT_THOUSANDS_PER_BUCKET)
        ),
        buckets * S3_PUT_THOUSANDS_PER_BUCKET,
        Unit::ThousandRequests,
        p.s3_put_thousand_requests,
    );
    b.add(
        "S3 GET requests",
        format!(
            "{buckets_text} × {} thousand",
            number(S3_GET_THOUSANDS_PER_BUCKET)
        ),
        buckets * S3_GET_THOUSANDS_PER_BUCKET,
        Unit::ThousandRequests,
        p.s3_get_thousand_requests,
    );
    if buckets > 0.0 {
        b.assume(format!(
            "Each bucket holds {} GB in S3 Standard and serves {} thousand writes and {} thousand reads a month.",
            number(S3_GB_PER_BUCKET),
            number(S3_PUT_THOUSANDS_PER_BUCKET),
            number(S3_GET_THOUSANDS_PER_BUCKET)
        ));
    }
}
