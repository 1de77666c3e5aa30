"""The GitHub Actions workflows call the README's make targets, never raw commands."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
PAGES = WORKFLOWS / "pages.yml"
# Tools the make targets wrap: calling one directly would let CI drift from `make test`.
WRAPPED_TOOLS = {"pia", "pytest", "ruff", "mkdocs", "pip"}
LINK_CHECK = ".venv/bin/python tests/test_site_links.py site"


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """`on` is read as True by YAML 1.1 loaders."""
    return workflow.get("on", workflow.get(True)) or {}


def steps(workflow: dict[str, Any], job: str | None = None) -> list[dict[str, Any]]:
    jobs = workflow["jobs"].values() if job is None else [workflow["jobs"][job]]
    return [step for one in jobs for step in one.get("steps", [])]


def run_lines(workflow: dict[str, Any], job: str | None = None) -> list[str]:
    return [
        line.strip()
        for step in steps(workflow, job)
        for line in step.get("run", "").splitlines()
        if line.strip()
    ]


def index_of(lines: list[str], pattern: str) -> int:
    matches = [i for i, line in enumerate(lines) if re.fullmatch(pattern, line)]
    assert matches, f"no run step matches {pattern!r} in {lines}"
    return matches[0]


def uses(workflow: dict[str, Any], job: str | None = None) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(workflow, job) if "uses" in step]


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_every_workflow_parses_as_yaml_with_named_jobs(path: Path):
    workflow = load(path)
    assert workflow["name"]
    assert triggers(workflow)
    assert all("runs-on" in job for job in workflow["jobs"].values())


def test_pull_requests_are_checked_on_python_3_11():
    workflow = load(PULL_REQUEST)
    assert "pull_request" in triggers(workflow)
    python = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python")]
    assert [s["with"]["python-version"] for s in python] == ["3.11"]


def test_pull_requests_run_validate_with_annotations_then_site_then_links_then_tests():
    lines = run_lines(load(PULL_REQUEST))
    validate = index_of(lines, r'make validate VALIDATE_ARGS="--format github"')
    site = index_of(lines, r"make site")
    links = index_of(lines, re.escape(LINK_CHECK))
    test = index_of(lines, r"make test")
    assert validate < site < links < test


def test_pushes_to_main_build_the_site_and_deploy_it_to_pages():
    workflow = load(PAGES)
    assert triggers(workflow)["push"]["branches"] == ["main"]
    lines = run_lines(workflow, "build")
    assert index_of(lines, r"make site") < index_of(lines, re.escape(LINK_CHECK))
    assert uses(workflow, "build")[-1] == "actions/upload-pages-artifact"
    upload = next(
        s for s in steps(workflow, "build") if "upload-pages-artifact" in s.get("uses", "")
    )
    assert upload["with"]["path"] == "site"
    assert uses(workflow, "deploy") == ["actions/deploy-pages"]


def test_the_deployment_has_only_the_permissions_pages_needs_and_never_overlaps():
    workflow = load(PAGES)
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_no_run_step_replaces_a_make_target_by_a_raw_command(path: Path):
    raw = []
    for line in run_lines(load(path)):
        for command in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(command)
            program = Path(words[0]).name if words else ""
            module = words[2] if program.startswith("python") and words[1:2] == ["-m"] else ""
            if program in WRAPPED_TOOLS or module in WRAPPED_TOOLS:
                raw.append(command.strip())
    assert not raw, f"call the make targets instead of: {raw}"


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_every_make_target_a_workflow_calls_exists_in_the_makefile(path: Path):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, flags=re.MULTILINE))
    called = {
        words[1]
        for line in run_lines(load(path))
        if (words := shlex.split(line))[:1] == ["make"] and len(words) > 1
    }
    assert called
    assert called <= targets, f"unknown make targets: {called - targets}"


def test_the_validate_target_passes_the_annotation_format_to_pia_validate():
    """CI asks `make validate VALIDATE_ARGS="--format github"`; the Makefile must pass it on."""
    dry_run = subprocess.run(
        ["make", "-n", "-W", "pyproject.toml", "validate", "VALIDATE_ARGS=--format github"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    validate = [line for line in dry_run.stdout.splitlines() if "pia validate" in line]
    assert validate and validate[-1].endswith("pia validate --format github"), dry_run.stdout
