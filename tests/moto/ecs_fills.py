"""ECS fills for moto 5.2.5: one-off tasks whose container runs.

Imported by tests/moto/recording_server.py before the server starts. moto keeps tasks but never
runs a container: a task started with RunTask goes from RUNNING to STOPPED as it is described
(moto's state manager, one step a DescribeTasks) with exit code 0 and no logs. The deploy
workflow's release step (crates/workflows/templates/scripts/ecs-rollout.sh) needs what a real
container gives it: the output in the task's awslogs stream, and the exit code.

moto also fails RunTask (an internal error) for a task definition whose containers set no memory
of their own, which Fargate allows (the task's memory applies; ECS developer guide, "Task
definition parameters", container `memory`), as plinth's do: the fill counts such a container's
memory as the task's.

And moto drops a service's `enableExecuteCommand` on CreateService and never returns it, so a
service created with ECS Exec on would plan an update after every apply: the fill keeps what
CreateService was given (UpdateService already stores what it gets).

So, for a task started with a command override for one of its containers, the fill plays that
container: it runs the command on the test machine (with the container's plain `environment`,
and 60 seconds at most), writes each line it prints to the stream the awslogs driver would write
(`<awslogs-stream-prefix>/<container>/<task id>` in `awslogs-group`, per the ECS developer guide,
"Using the awslogs log driver"), and reports its exit status as the container's exit code when
the task stops. Only tests start such tasks against this server, with commands of their own
(`sh -c ...`); a task without a command override keeps moto's behaviour.
"""

import subprocess
import time
from types import SimpleNamespace

from moto.ecs.models import EC2ContainerServiceBackend
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.logs.models import logs_backends

_run_task = EC2ContainerServiceBackend.run_task
_requirements = EC2ContainerServiceBackend._calculate_task_resource_requirements


def _calculate_task_resource_requirements(task_definition):
    containers = task_definition.container_definitions
    if all(c.get("memory") or c.get("memoryReservation") or c.get("Memory")
           or c.get("MemoryReservation") for c in containers):
        return _requirements(task_definition)
    task_memory = int(getattr(task_definition, "memory", None) or 0)
    defaulted = [dict(c) if c.get("memory") or c.get("memoryReservation") else dict(c, memory=task_memory)
                 for c in containers]
    return _requirements(SimpleNamespace(container_definitions=defaulted))


def _container_definition(backend, task_definition_arn, name):
    definition = backend.describe_task_definition(task_definition_arn)
    return next((c for c in definition.container_definitions if c.get("name") == name), None)


def _play(backend, task, override):
    container = _container_definition(backend, task.task_definition_arn, override["name"])
    if container is None:
        return
    environment = {e["name"]: e["value"] for e in container.get("environment") or []}
    environment["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    try:
        ran = subprocess.run(override["command"], env=environment, capture_output=True,
                             text=True, timeout=60, check=False)
        lines, status = (ran.stdout + ran.stderr).splitlines(), ran.returncode
    except (OSError, subprocess.TimeoutExpired) as error:
        lines, status = [f"the emulated container could not run: {error}"], 127
    options = (container.get("logConfiguration") or {}).get("options") or {}
    group = options.get("awslogs-group")
    if group:
        logs = logs_backends[task._account_id][task.region_name]
        stream = f"{options.get('awslogs-stream-prefix')}/{override['name']}/{task.id}"
        logs.create_log_stream(group, stream)
        now = int(time.time() * 1000)
        if lines:
            logs.put_log_events(group, stream,
                                [{"timestamp": now + i, "message": line} for i, line in enumerate(lines)])
    for played in task.containers:
        if played.name == override["name"]:
            played.exitCode = status


def run_task(self, *args, **kwargs):
    tasks = _run_task(self, *args, **kwargs)
    for task in tasks:
        for override in task.overrides.get("containerOverrides") or []:
            if override.get("command"):
                _play(self, task, override)
    return tasks


_create_service = EC2ContainerServiceResponse.create_service


def create_service(self):
    result = _create_service(self)
    if self._get_param("enableExecuteCommand") is not None:
        service = self.ecs_backend._get_service(self._get_param("cluster", "default"),
                                                self._get_param("serviceName"))
        service.enable_execute_command = bool(self._get_param("enableExecuteCommand"))
    return result


EC2ContainerServiceBackend.run_task = run_task
EC2ContainerServiceResponse.create_service = create_service
EC2ContainerServiceBackend._calculate_task_resource_requirements = staticmethod(
    _calculate_task_resource_requirements)
