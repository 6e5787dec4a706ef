"""environment.yml (conda users) must agree with pyproject.toml (the source of truth)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def load() -> tuple[dict, dict]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return env, project


def conda_and_pip(env: dict) -> tuple[list[str], list[str]]:
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pips = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(pips) == 1, "exactly one pip: section"
    return conda, pips[0]


def test_name_and_channels() -> None:
    env, project = load()
    assert env["name"] == project["project"]["name"]
    assert env["channels"] == ["conda-forge"]


def test_python_version_matches_requires_python() -> None:
    env, project = load()
    conda, _ = conda_and_pip(env)
    pythons = [d for d in conda if re.match(r"^python\b", d)]
    assert pythons == ["python=3.11"]
    requires = project["project"]["requires-python"]
    lo = re.search(r">=\s*(\d+\.\d+)", requires).group(1)
    hi = re.search(r"<\s*(\d+)\.(\d+)", requires)
    assert lo == "3.11"
    assert (int(hi.group(1)), int(hi.group(2))) == (3, 12), "python=3.11 must be the only minor allowed"


def test_installs_the_project_and_nothing_else_from_conda() -> None:
    env, _ = load()
    conda, pip = conda_and_pip(env)
    # every runtime dependency comes from pyproject.toml via pip, never pinned twice
    assert sorted(conda) == ["pip", "python=3.11"]
    _, project = load()
    extras = ",".join(sorted(project["project"].get("optional-dependencies", {})))
    assert (f"-e .[{extras}]" if extras else "-e .") in pip  # the extras make env installs too


def test_dev_group_is_listed_with_the_same_specifiers() -> None:
    env, project = load()
    _, pip = conda_and_pip(env)
    dev = project["dependency-groups"]["dev"]
    assert sorted(p for p in pip if not p.startswith("-e .")) == sorted(dev)


@pytest.mark.xdist_group("probe")
def test_loadgroup_keeps_a_group_on_one_worker(request: pytest.FixtureRequest) -> None:
    """``make test`` relies on it: the browser tests share one JupyterLab and one rendered project
    (two at once starved each other's kernels). xdist sends a group to one worker by the group's
    name at the end of the node id; pytest 9 builds node ids another way, and groups were split."""
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("meaningful under --dist loadgroup, as make test runs the tests")
    assert request.node.nodeid.endswith("@probe"), request.node.nodeid
