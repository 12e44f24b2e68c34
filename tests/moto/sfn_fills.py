"""Step Functions fills for moto 5.2.5: what the AWS provider relies on for plinth's jobs and moto
lacks.

Imported by tests/moto/recording_server.py before the server starts. Gaps filled:
- ListStateMachineVersions, which the provider reads after every create and refresh: moto has no
  such action and no versions (plinth publishes none), so the answer is the empty list;
- ValidateStateMachineDefinition, which the provider calls before it creates or updates a state
  machine (Step Functions API reference, ValidateStateMachineDefinition). moto has no such
  action, and the provider retried the NotImplemented error until the apply timed out. The fill
  checks what a definition needs to be a state machine at all (JSON, `StartAt` naming one of its
  `States`, every `Next` and `Default` naming a state) and reports anything else as an ERROR
  diagnostic, as Step Functions does; it does not check each state's fields as Step Functions does.
"""

import json

from moto.core.responses import ActionResult
from moto.stepfunctions.responses import StepFunctionResponse


def _diagnostic(code, message, location="/"):
    return {"severity": "ERROR", "code": code, "message": message, "location": location}


def definition_diagnostics(text):
    """The ERROR diagnostics of a state machine definition, empty when it is sound."""
    try:
        definition = json.loads(text)
    except (TypeError, ValueError) as error:
        return [_diagnostic("INVALID_JSON_DESCRIPTION", f"not JSON: {error}")]
    states = definition.get("States") if isinstance(definition, dict) else None
    if not isinstance(states, dict) or not states:
        return [_diagnostic("SCHEMA_VALIDATION_FAILED", "no States")]
    found = []
    if definition.get("StartAt") not in states:
        found.append(_diagnostic("MISSING_TRANSITION_TARGET", "StartAt names no state", "/StartAt"))
    for name, state in states.items():
        targets = [state.get("Next"), state.get("Default")]
        targets += [choice.get("Next") for choice in state.get("Choices", [])]
        for target in targets:
            if target is not None and target not in states:
                found.append(_diagnostic("MISSING_TRANSITION_TARGET",
                                         f"{name} goes to {target}, which is not a state",
                                         f"/States/{name}"))
    return found


def validate_state_machine_definition(self):
    diagnostics = definition_diagnostics(self._get_param("definition"))
    return ActionResult({"result": "FAIL" if diagnostics else "OK", "diagnostics": diagnostics,
                         "truncated": False})


def list_state_machine_versions(self):
    # Checks that the state machine exists, as Step Functions does.
    self.stepfunction_backend.describe_state_machine(self._get_param("stateMachineArn"))
    return ActionResult({"stateMachineVersions": []})


StepFunctionResponse.validate_state_machine_definition = validate_state_machine_definition
StepFunctionResponse.list_state_machine_versions = list_state_machine_versions
