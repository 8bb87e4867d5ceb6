"""The CI workflow (.github/workflows/site.yml) and the GitLab CI of docs/deploy.md: linted, and their build steps run here.

GitHub Actions cannot run on this machine, so the workflow is checked three ways: against the
published JSON schema for workflows (check-jsonschema ships SchemaStore's copy, so this works
offline), for the facts a Pages deployment depends on, and by running its build steps' shell
commands on a copy of the example site exactly as the runner would.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .kit.site import REPO, copy_example

WORKFLOW = REPO / ".github/workflows/site.yml"


def schema_check(schema: str, file: Path) -> subprocess.CompletedProcess[str]:
    """Validate ``file`` with check-jsonschema's bundled schema ``schema`` (no network)."""
    try:
        import check_jsonschema  # noqa: F401
    except ImportError:
        pytest.fail("check-jsonschema is missing: run `bash scripts/setup.sh` (or `pip install -e '.[test]'`)")
    return subprocess.run(  # noqa: PLW1510 (the return code is asserted)
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(file)], capture_output=True, text=True, timeout=120
    )


def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_the_workflow_is_valid_against_the_github_workflow_schema() -> None:
    result = schema_check("vendor.github-workflows", WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "site.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1), encoding="utf-8")
    result = schema_check("vendor.github-workflows", broken)
    assert result.returncode == 1 and "runs-on" in result.stdout


def test_the_workflow_publishes_main_to_pages_with_the_official_actions() -> None:
    flow = workflow()
    assert {"push", "pull_request"} <= set(flow["on"])
    assert flow["permissions"] == {"contents": "read"}
    jobs = flow["jobs"]
    steps = {step.get("id") or step.get("name"): step for step in jobs["build"]["steps"]}
    runs = [step.get("run", "") for step in jobs["build"]["steps"]]
    assert any("pip install" in run and "." in run.split() for run in runs)  # from the repo's own files
    order = [next(i for i, run in enumerate(runs) if needle in run) for needle in ("check --strict", "build.py build", "check --links")]
    assert order == sorted(order)
    assert steps["pages"]["uses"].startswith("actions/configure-pages@")
    for name in ("Build the site for its public address", "Check every internal link and anchor (offline; external links only listed)"):
        assert steps[name]["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
        assert '--base-url "$BASE_URL/"' in steps[name]["run"]
    upload = next(step for step in jobs["build"]["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "output/"
    assert jobs["build"]["permissions"]["pages"] == "write"
    deploy = jobs["deploy"]
    assert deploy["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert set(deploy["needs"]) == {"test", "build"}
    assert deploy["permissions"]["pages"] == "write" and deploy["permissions"]["id-token"] == "write"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert "bash .ci/run" in [step.get("run") for step in jobs["test"]["steps"]]
    for job in jobs.values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]


def test_the_build_job_keeps_its_cache_between_runs_under_a_key_that_always_moves_on() -> None:
    """A push restores the newest cache of an earlier one and saves its own (the key has the commit)."""
    [cache] = [step for step in workflow()["jobs"]["build"]["steps"] if step.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"] == ".cache"
    assert cache["with"]["key"].endswith("${{ github.sha }}")
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])
    names = [step.get("uses", step.get("run", "")) for step in workflow()["jobs"]["build"]["steps"]]
    assert names.index(cache["uses"]) < next(i for i, name in enumerate(names) if "build.py build" in name)


def test_the_workflow_build_steps_run_on_the_example_site(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "repo")
    shutil.copy(REPO / "build.py", root / "build.py")
    base = "https://owner.github.io/reform-site"  # what configure-pages gives: no trailing slash
    env = {**os.environ, "PYTHONPATH": str(REPO), "BASE_URL": base}
    ran = 0
    for step in workflow()["jobs"]["build"]["steps"]:
        run = step.get("run", "")
        if "build.py" not in run:
            continue
        command = run.replace("python3 ", f"{shlex.quote(sys.executable)} ")
        result = subprocess.run(check=False, args=["bash", "-euo", "pipefail", "-c", command], cwd=root, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"{step.get('name')}: {result.stdout}{result.stderr}"
        ran += 1
    assert ran == 3
    home = (root / "output/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}/">' in home


def deploy_gitlab_ci(tmp_path: Path) -> Path:
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", (REPO / "docs" / "deploy.md").read_text(encoding="utf-8"), re.DOTALL) if "stages:" in b]
    assert len(blocks) == 1, "docs/deploy.md must hold one GitLab CI example (a ```yaml block with stages:)"
    file = tmp_path / ".gitlab-ci.yml"
    file.write_text(blocks[0], encoding="utf-8")
    return file


def test_the_deploy_gitlab_ci_is_valid_and_does_what_the_workflow_does(tmp_path: Path) -> None:
    file = deploy_gitlab_ci(tmp_path)
    result = schema_check("vendor.gitlab-ci", file)
    assert result.returncode == 0, result.stdout + result.stderr
    pipeline = yaml.safe_load(file.read_text(encoding="utf-8"))
    script = "\n".join(pipeline["pages"]["script"])
    for needle in ("check --strict", '--base-url "$CI_PAGES_URL/" --output public', "check --links"):
        assert needle in script
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"]
    assert pipeline["test"]["script"] == ["bash .ci/run"]
    assert pipeline["pages"]["cache"]["paths"] == [".cache/"]


def test_the_engine_tests_run_on_the_editors_systems_too() -> None:
    engine = workflow()["jobs"]["engine"]
    assert engine["strategy"]["matrix"]["os"] == ["windows-latest", "macos-latest"]
    runs = [step.get("run", "") for step in engine["steps"]]
    assert 'python -m pytest -m "not debian and not linux"' in runs
    assert any("pip install" in run and ".[test]" in run for run in runs)
    assert runs.index("git config --global core.autocrlf false") < next(i for i, step in enumerate(engine["steps"]) if step.get("uses", "").startswith("actions/checkout@"))
    registered = subprocess.run([sys.executable, "-m", "pytest", "--markers", "-p", "no:cacheprovider"], cwd=REPO, capture_output=True, text=True, timeout=120, check=True).stdout
    for marker in ("debian", "linux"):  # what the job deselects exists: an unknown marker deselects nothing, and the job runs what it cannot pass
        assert f"@pytest.mark.{marker}:" in registered
