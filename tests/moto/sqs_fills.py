"""SQS fills for moto 5.2.5: what the AWS provider relies on for plinth's queues and moto lacks.

Imported by tests/moto/recording_server.py before the server starts. Gaps filled:
- SetQueueAttributes changes only the attributes it names (Amazon SQS API reference,
  SetQueueAttributes). moto resets the queue policy on every call that does not name `Policy`, so
  `aws_sqs_queue_redrive_policy` wiped what `aws_sqs_queue_policy` had just set, and the
  provider's propagation waiter on the policy never saw it settle (20 minutes, then an error);
- `RedriveAllowPolicy` (which source queues may use a queue as their dead-letter queue): moto
  stores it as a plain attribute but never returns it and refuses its name in
  GetQueueAttributes, so the provider's waiter on `aws_sqs_queue_redrive_allow_policy` never
  settled either;
- the redrive policy as SQS returns it, compact JSON: moto's has spaces after `:` and `,`, which
  the provider reads back as a change of `aws_sqs_queue.redrive_policy` on every plan.
Nothing here evaluates either policy: moto still lets any queue use any dead-letter queue.
"""

import json

from moto.sqs.models import Queue

_set_attributes = Queue._set_attributes
_attributes = Queue.attributes.fget


def _set_attributes_naming_only(self, attributes, now=None):
    kept = None if "Policy" in attributes else self.policy
    _set_attributes(self, attributes, now)
    if kept is not None:
        self.policy = kept
    # An empty value removes the redrive-allow policy, as in SQS.
    self.redrive_allow_policy = self.redrive_allow_policy or None


def _attributes_as_sqs_returns_them(self):
    result = _attributes(self)
    if not result.get("RedriveAllowPolicy"):
        result.pop("RedriveAllowPolicy", None)
    if self.redrive_policy:
        result["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
    return result


# moto stores an attribute it does not model under its snake-case name.
Queue.redrive_allow_policy = None
Queue.BASE_ATTRIBUTES = [*Queue.BASE_ATTRIBUTES, "RedriveAllowPolicy"]
Queue._set_attributes = _set_attributes_naming_only
Queue.attributes = property(_attributes_as_sqs_returns_them)
