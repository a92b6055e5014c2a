"""The README documents every command and query, and CI runs its test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ctgraph.catalog import Catalog
from ctgraph.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", section, flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands() -> None:
    commands = _quick_start_commands()
    assert len(commands) == 2
    install_and_run, install_and_test = commands
    assert install_and_run.endswith("ctgraph tour")
    assert install_and_test.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _quick_start_commands()[1] in ci.splitlines()


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", _subcommands())
def test_every_command_has_a_section(command: str) -> None:
    assert f"\n### ctgraph {command}\n" in README


@pytest.mark.parametrize("name", Catalog().names())
def test_every_query_is_in_the_readme(name: str) -> None:
    assert f"| `{name}` |" in README


def test_no_machine_paths() -> None:
    assert not re.search(r"(^|[\s\"'(=])/(tmp|home|root|work)/", README)
