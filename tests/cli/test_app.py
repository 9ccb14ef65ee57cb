"""The `eventwire` command itself: its version, and the typed package it comes from."""

from __future__ import annotations

from importlib.metadata import version
from importlib.resources import files

from typer.testing import CliRunner

from eventwire.cli.app import app


def test_version_prints_the_installed_version_and_exits() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"eventwire {version('eventwire')}"


def test_the_package_declares_its_type_hints() -> None:
    """py.typed (PEP 561) makes mypy and pyright read eventwire's hints instead of
    treating it as untyped."""
    assert files("eventwire").joinpath("py.typed").is_file()
