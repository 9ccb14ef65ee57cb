"""The docs site: `mkdocs build --strict` passes, and the generated reference pages
(scripts/gen_docs.py, run by the build as a hook) cover what they describe: every
command and option of the CLI, every object and field of the JSON Schema, every PLOVER
category, ACLED sub-event type, sector and error code. Built once, into a temporary
directory; skipped only when the `docs` extra (mkdocs-material) is not installed."""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GEN_DOCS = ROOT / "scripts" / "gen_docs.py"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mkdocs", reason="mkdocs is not installed: pip install -e '.[docs]'")
    pytest.importorskip("material", reason="mkdocs-material is not installed: the docs extra")
    out = tmp_path_factory.mktemp("docs") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stderr[-4000:]}"
    return out


@pytest.fixture(scope="module")
def gen_docs():
    """scripts/gen_docs.py as a module."""
    spec = importlib.util.spec_from_file_location("gen_docs", GEN_DOCS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page(site: Path, name: str) -> str:
    return (site / name / "index.html").read_text(encoding="utf-8")


def section(text: str, anchor: str) -> str:
    """The HTML from the heading with this id to the next heading of any level."""
    start = text.index(f'id="{anchor}"')
    following = re.search(r"<h[1-4][ >]", text[start:])
    return text[start : start + following.start()] if following else text[start:]


def test_site_has_every_nav_page(site: Path) -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)

    def paths(items: list) -> list[str]:
        found = []
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            found += paths(value) if isinstance(value, list) else [value]
        return found

    for source in paths(config["nav"]):
        built = "index.html" if source == "index.md" else source.removesuffix(".md") + "/index.html"
        assert (site / built).is_file(), source


def test_cli_reference_lists_every_command_and_option(site: Path, gen_docs) -> None:
    text = page(site, "reference/cli")
    commands = gen_docs.cli_commands()
    names = {ctx.command_path for _, ctx in commands}
    assert {"eventwire extract", "eventwire ingest", "eventwire export", "eventwire serve"} <= names
    for command, ctx in commands:
        part = html.unescape(section(text, gen_docs.anchor(ctx)))
        assert ctx.command_path in part
        for param in command.get_params(ctx):
            if param.hidden or param.name == "help":
                continue
            if param.param_type_name == "option":
                for opt in param.opts + param.secondary_opts:
                    assert opt in part, f"{ctx.command_path}: {opt} missing"
            else:
                assert param.get_help_record(ctx)[0].split()[0] in part, param.name
            if getattr(param, "help", None):
                first_words = " ".join(param.help.split()[:4])
                assert first_words in part, f"{ctx.command_path}: help of {param.name}"


def test_cli_reference_follows_the_app(gen_docs) -> None:
    """The page is made from the app, not from a copy: a command added to the Typer app
    shows up in it."""
    import typer

    from eventwire.cli import app as app_module

    extra = typer.Typer()

    @extra.command("probe-docs")
    def probe(depth: int = typer.Option(3, "--depth", help="How deep the probe goes.")) -> None:
        """A command that exists only in this test."""

    app_module.app.add_typer(extra, name="docs-probe")
    try:
        text = gen_docs.cli_reference()
    finally:
        app_module.app.registered_groups.pop()
    assert "eventwire docs-probe probe-docs" in text
    assert "How deep the probe goes." in text and "--depth" in text


def test_schema_reference_covers_every_object_and_field(site: Path) -> None:
    text = html.unescape(page(site, "reference/schema"))
    for path in sorted((ROOT / "schema").glob("*.json")):
        schema = json.loads(path.read_text())
        objects = {schema["title"]: schema, **schema.get("$defs", {})}
        for name, node in objects.items():
            part = section(text, "def-" + name.lower())
            for field in node.get("properties", {}):
                assert f"<code>{field}</code>" in part, f"{name}.{field}"
    from eventwire.export import ACLED_COLUMNS, COLUMNS

    columns = text[text.index('id="export-columns"') :]
    for column in (*COLUMNS, *ACLED_COLUMNS):
        assert f"<code>{column}</code>" in columns, column


def test_ontology_pages_follow_the_data_files(site: Path) -> None:
    from eventwire.ontology import CATEGORIES, code, modes

    plover = html.unescape(page(site, "reference/plover"))
    for category in CATEGORIES:
        part = section(plover, category.lower())
        for mode in modes(category):
            assert f"<code>{mode}</code>" in part, (category, mode)
            assert f"<code>{code(category, mode).cameo}</code>" in part
    data = ROOT / "src" / "eventwire" / "data"
    acled = html.unescape(page(site, "reference/acled"))
    for event_type, subs in yaml.safe_load((data / "acled_types.yaml").read_text()).items():
        for sub in subs:
            assert f"<td>{event_type}</td>\n<td>{sub}</td>" in acled, sub
    rules = yaml.safe_load((data / "acled.yaml").read_text())
    assert acled.count("<tr>") >= len(rules)
    sectors = html.unescape(page(site, "reference/sectors"))
    table = yaml.safe_load((data / "sectors.yaml").read_text())
    for word, sector in table.pop("modifiers").items():
        assert f"<td><code>{word}</code></td>\n<td><code>{sector}</code></td>" in sectors, word
    for sector, words in table.items():
        assert f"<code>{sector}</code>" in sectors and words[0] in sectors, sector
    cameo = html.unescape(page(site, "reference/cameo"))
    assert "<code>0871</code>" in cameo and "RETREAT / ceasefire" in cameo


def test_error_codes_page_lists_every_code(site: Path) -> None:
    from eventwire.errors import Errors

    text = page(site, "reference/errors")
    codes = {m[1:5] for m in vars(Errors).values() if isinstance(m, str) and m.startswith("[E")}
    assert len(codes) > 20
    for code in codes:
        assert f"<code>{code}</code>" in text, code


def test_site_loads_nothing_from_outside(site: Path) -> None:
    """Read offline: no script, stylesheet or font from another host."""
    outside = re.compile(r'<(?:script|link|img)\b[^>]*(?:src|href)="(?:https?:)?//', re.I)
    for built in site.rglob("*.html"):
        text = built.read_text(encoding="utf-8")
        assert not outside.search(text), built.relative_to(site)
        assert "fonts.googleapis" not in text, built.relative_to(site)


def test_escape_keeps_code_spans(gen_docs) -> None:
    assert gen_docs.escape("a *b* `x*y` <c>") == r"a \*b\* `x*y` \<c\>"
    assert gen_docs.escape("odd ` tick_") == r"odd \` tick\_"


def test_readme_links_the_docs() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "mkdocs serve" in readme
    assert "make demo" in readme and "make test" in readme
