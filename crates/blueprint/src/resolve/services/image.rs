//! Where a service's image comes from, and the checks on an external image reference.

use crate::diagnostic::Diagnostic;
use crate::model::{ImageSource, Network};
use crate::raw::{NatMode, ServiceRaw};
use crate::resolve::{Context, service_limits};
use crate::span::Sp;

use super::References;

/// Where the service's image comes from: built from a Dockerfile, or an external reference.
pub(super) fn image_source(
    name: &Sp<String>,
    raw: &ServiceRaw,
    refs: &References<'_>,
    cx: &mut Context<'_>,
) -> ImageSource {
    let anchor = name.span();
    match (&raw.dockerfile, &raw.image) {
        (Some(dockerfile), None) => ImageSource::Build {
            dockerfile: dockerfile.get().clone(),
            context: raw.context.as_ref().map_or_else(
                || parent_dir(dockerfile.get()),
                |context| context.get().clone(),
            ),
        },
        (None, Some(image)) => {
            if let Some(context) = &raw.context {
                cx.push(
                    Diagnostic::error(
                        context.span(),
                        "`context` only applies to images built from a `dockerfile`",
                        "unused",
                    )
                    .with_help("remove `context`"),
                );
            }
            check_external_image(image, refs.network, cx);
            ImageSource::External {
                image: image.get().clone(),
            }
        }
        (Some(_), Some(image)) => {
            cx.push(
                Diagnostic::error(
                    image.span(),
                    format!("service `{}` has both `dockerfile` and `image`", name.get()),
                    "second image source",
                )
                .with_help(
                    "keep `dockerfile` to build the image in CI, or `image` to run an existing one",
                ),
            );
            ImageSource::External {
                image: image.get().clone(),
            }
        }
        (None, None) => {
            cx.push(
                Diagnostic::error(anchor.clone(), format!("service `{}` has no image", name.get()), "no `dockerfile` or `image`")
                    .with_help("add `dockerfile = \"path/to/Dockerfile\"` (built by CI) or `image = \"repo/name:tag\"`"),
            );
            ImageSource::External {
                image: String::new(),
            }
        }
    }
}

pub(super) fn check_external_image(image: &Sp<String>, network: &Network, cx: &mut Context<'_>) {
    if image.is_empty() || image.contains(char::is_whitespace) {
        cx.push(
            Diagnostic::error(
                image.span(),
                "an image reference cannot be empty or contain spaces",
                "invalid image",
            )
            .with_help("e.g. \"public.ecr.aws/nginx/nginx:1.27\""),
        );
        return;
    }
    if let Some(problem) = service_limits::image_problem(image.get()) {
        cx.push(
            Diagnostic::error(image.span(), format!("`{}` is not a pinned image reference: {problem}", image.get()), "invalid image")
                .with_help("pin a tag or digest, e.g. `nginx:1.27` or `nginx@sha256:…`; Terraform refuses an image without one"),
        );
        return;
    }
    let last = image.rsplit('/').next().unwrap_or_default();
    if last.ends_with(":latest") {
        cx.push(
            Diagnostic::warning(image.span(), format!("`{}` is not pinned to a version", image.get()), "floating tag")
                .with_help("pin a tag or digest, e.g. `nginx:1.27` or `nginx@sha256:…`, so deploys are repeatable"),
        );
    }
    let registry = image.split('/').next().unwrap_or_default();
    let from_ecr = registry.contains(".dkr.ecr.") && registry.ends_with(".amazonaws.com");
    if network.nat == NatMode::None && !from_ecr {
        cx.push(
            Diagnostic::warning(image.span(), "without NAT, tasks can pull images only from ECR in this region", "unreachable registry")
                .with_help("use a NAT (`network.nat = \"single\"`) or mirror the image into ECR (pull-through cache)"),
        );
    }
}

fn parent_dir(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, _)) if !dir.is_empty() => dir.to_owned(),
        _ => ".".to_owned(),
    }
}
