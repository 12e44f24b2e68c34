//! SQS queues and SNS topics: requests and publishes (their alarms are counted with the others
//! in `observability`); and the traces X-Ray records.

use plinth_blueprint::model::Environment;

use crate::Unit;
use crate::assumptions::{
    QUEUE_MILLION_REQUESTS, TOPIC_MILLION_PUBLISHES, XRAY_MILLION_TRACES_PER_SERVICE, number,
};

use super::{Builder, count, plural};

/// SQS requests of the standard and FIFO queues, and SNS publishes.
pub(super) fn messaging(b: &mut Builder, env: &Environment) {
    let p = b.prices;
    for (fifo, resource, price) in [
        (false, "SQS requests", p.sqs_million_requests),
        (true, "SQS FIFO requests", p.sqs_fifo_million_requests),
    ] {
        let queues = count(env.queues.iter().filter(|q| q.fifo == fifo).count());
        if queues > 0.0 {
            b.add(
                resource,
                format!(
                    "{} × {} million",
                    plural(queues, "queue", "queues"),
                    number(QUEUE_MILLION_REQUESTS)
                ),
                queues * QUEUE_MILLION_REQUESTS,
                Unit::MillionRequests,
                price,
            );
        }
    }
    if !env.queues.is_empty() {
        b.assume(format!(
            "Each queue serves {} million requests a month (a million messages sent, received and deleted); the first million requests of an account each month are free and not deducted.",
            number(QUEUE_MILLION_REQUESTS)
        ));
    }
    let topics = count(env.topics.len());
    if topics > 0.0 {
        b.add(
            "SNS publishes",
            format!(
                "{} × {} million",
                plural(topics, "topic", "topics"),
                number(TOPIC_MILLION_PUBLISHES)
            ),
            topics * TOPIC_MILLION_PUBLISHES,
            Unit::MillionRequests,
            p.sns_million_publishes,
        );
        b.assume(format!(
            "Each topic receives {} million publishes a month; its deliveries to SQS queues are free.",
            number(TOPIC_MILLION_PUBLISHES)
        ));
    }
}

/// X-Ray traces recorded, when tracing is on.
pub(super) fn tracing(b: &mut Builder, env: &Environment) {
    let traced = count(env.services.iter().filter(|s| s.tracing.is_some()).count());
    if traced > 0.0 {
        b.add(
            "X-Ray traces recorded",
            format!(
                "{} × {} million",
                plural(traced, "traced service", "traced services"),
                number(XRAY_MILLION_TRACES_PER_SERVICE)
            ),
            traced * XRAY_MILLION_TRACES_PER_SERVICE,
            Unit::MillionTraces,
            b.prices.xray_million_traces_recorded,
        );
        b.assume(format!(
            "Each traced service or job records {} million traces a month in X-Ray (the first 100,000 of an account each month are free and not deducted); its collector sidecar runs inside the task's CPU and memory, so costs nothing more.",
            number(XRAY_MILLION_TRACES_PER_SERVICE)
        ));
    }
}
