"""prefect.yaml: every entrypoint imports, and the monthly deployment fires at 06:00 Shanghai on the 5th."""

import importlib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_every_entrypoint_imports_and_names_a_flow():
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    assert config["deployments"]
    for deployment in config["deployments"]:
        path, name = deployment["entrypoint"].split(":")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        flow = getattr(module, name)
        assert flow.name == deployment["name"]
        assert set(deployment["parameters"]) <= set(flow.parameters.properties)


def test_monthly_schedule():
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    monthly = next(d for d in config["deployments"] if d["name"] == "monthly")
    assert monthly["schedules"] == [{"cron": "0 6 5 * *", "timezone": "Asia/Shanghai"}]


def test_the_readme_automation_is_a_valid_prefect_automation_on_failed_monthly_and_backfill_runs():
    """README "Freshness and restatements": the automation that notifies on failed (and so late) runs."""
    from prefect.events.schemas.automations import AutomationCore

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("**Notify on it**", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    automation = AutomationCore.model_validate(yaml.safe_load(block))
    assert automation.trigger.expect == {"prefect.flow-run.Failed"}
    assert dict(automation.trigger.match_related.root) == {
        "prefect.resource.role": "flow",
        "prefect.resource.name": ["monthly", "backfill"],
    }
    assert automation.actions[0].type == "send-notification"
