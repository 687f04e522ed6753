"""The scheduler is pure Python: it imports and runs without Django, and no module of it
imports django, so it can be tested and benchmarked on its own."""

import ast
import pathlib
import subprocess
import sys

SCHEDULER = pathlib.Path(__file__).resolve().parents[2] / "planning" / "scheduler"


def test_no_scheduler_module_imports_django():
    offenders = []
    for module in sorted(SCHEDULER.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{module.name}: {name}" for name in names if name.split(".")[0] == "django"]
    assert offenders == []


def test_the_scheduler_imports_and_places_a_task_without_django_configured():
    script = (
        "import datetime as dt, sys\n"
        "from planning.scheduler import DraftTask, ScheduleRequest, schedule_month\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))\n"
        "request = ScheduleRequest(year=2031, month=3, timezone='Europe/Berlin',\n"
        "    not_before=dt.datetime(2031, 3, 1, tzinfo=dt.UTC),\n"
        "    tasks=(DraftTask(key='w1-t1', description='Easy 4 km run', focus_area='Running',\n"
        "        duration_minutes=45, difficulty='easy', week=1),))\n"
        "schedule = schedule_month(request)\n"
        "print(len(schedule.placements), schedule.placements[0].start.isoformat())\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(SCHEDULER.parents[1])}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    count, start = result.stdout.split()
    assert count == "1"
    assert start.startswith("2031-03-0")
