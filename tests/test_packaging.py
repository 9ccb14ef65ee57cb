"""The install a user gets: a lean core, extras that say how to install them, a lock that
matches pyproject.toml, and reading layers that import in one direction.

The wheel itself is built and installed into a fresh virtualenv by `.ci/run`, which
runs `eventwire --version`, `eventwire extract` from outside the repository and mypy on
tests/typed_client.py against it; these tests hold what can be checked in-process.
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from typer.testing import CliRunner

from eventwire import Pipeline, export
from eventwire.cli.app import app
from eventwire.extras import MissingExtraError
from eventwire.records import Article, Document
from eventwire.store import Store, StoreError

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = ROOT / "requirements" / "lock.txt"
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
OPTIONAL = {"psycopg": "postgres", "pyarrow": "parquet"}
"""Modules the core install does without -> the extra that brings each."""
PG_URL = "postgresql://nobody@127.0.0.1:1/nothing"


@pytest.fixture
def without(monkeypatch: pytest.MonkeyPatch):
    """Make modules impossible to import, as in an install without their extra: a None
    in sys.modules makes `import x` raise ImportError."""

    def hide(*names: str) -> None:
        for name in list(sys.modules):
            if name.partition(".")[0] in names:
                monkeypatch.delitem(sys.modules, name)
        for name in names:
            for sub in ("", ".parquet", ".dataset", ".fs"):
                monkeypatch.setitem(sys.modules, name + sub, None)

    return hide


def one_coded_line(text: str, code: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert f"[{code}]" in lines[0]
    assert "Traceback" not in text
    return lines[0]


# -- the core install and its extras ---------------------------------------------------


def requirement_names(requirements: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def test_core_leaves_postgres_and_parquet_to_extras() -> None:
    core = requirement_names(PYPROJECT["project"]["dependencies"])
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert not {"psycopg", "pyarrow"} & core
    assert "psycopg" in requirement_names(extras["postgres"])
    assert Requirement(extras["postgres"][0]).extras == {"binary"}
    assert "pyarrow" in requirement_names(extras["parquet"])
    assert {"web", "dask", "train", "data", "docs", "test"} <= set(extras)
    assert not {"pytest", "ruff", "mypy"} & core


def test_dependencies_are_ranges_not_pins() -> None:
    """Exact pins make eventwire impossible to install beside anything else; the lock
    file is where versions are pinned. ruff is the one exception (a linter's release
    changes what passes), and only in the test extra."""
    everything = list(PYPROJECT["project"]["dependencies"])
    for name, requirements in PYPROJECT["project"]["optional-dependencies"].items():
        everything += [r for r in requirements if not (name == "test" and r.startswith("ruff"))]
    pinned = [r for r in everything if "==" in r or "===" in r]
    assert pinned == []
    unbounded = [r for r in everything if not str(Requirement(r).specifier)]
    assert unbounded == []


def locked_versions() -> dict[str, set[str]]:
    """Package -> the versions the lock pins (a universal lock may pin two, by marker)."""
    versions: dict[str, set[str]] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            requirement = Requirement(line)
            pin = str(requirement.specifier).removeprefix("==")
            versions.setdefault(canonicalize_name(requirement.name), set()).add(pin)
    return versions


def test_lock_satisfies_pyproject() -> None:
    """Every requirement of the core and of the extras the lock covers is pinned there at
    a version inside its range: editing pyproject.toml without `make lock` fails here."""
    locked = locked_versions()
    covered = re.search(r"^TEST_EXTRAS = (.+)$", MAKEFILE, re.M)
    assert covered, "Makefile names the extras the lock covers"
    extras = PYPROJECT["project"]["optional-dependencies"]
    requirements = list(PYPROJECT["project"]["dependencies"])
    for extra in covered.group(1).split(","):
        requirements += extras[extra.strip()]
    assert len(requirements) > 30
    for text in requirements:
        requirement = Requirement(text)
        pins = locked.get(canonicalize_name(requirement.name))
        assert pins, f"{requirement.name} is not in {LOCK.name}: run `make lock`"
        assert any(requirement.specifier.contains(v, prereleases=True) for v in pins), (
            f"{text}: {LOCK.name} pins {sorted(pins)}; run `make lock`"
        )


def test_make_installs_from_the_lock() -> None:
    installs = [line for line in MAKEFILE.splitlines() if "$(INSTALL)" in line]
    assert len(installs) == 2
    assert all("-c $(LOCK)" in line for line in installs)
    demo = next(line for line in installs if '".[web]"' in line)
    assert "test" not in demo  # make demo installs no test tools
    assert re.search(r"^lock:", MAKEFILE, re.M)


def test_a_sqlite_run_never_imports_the_optional_packages(tmp_path: Path) -> None:
    """What the command line loads for SQLite, CSV and JSON: no psycopg, no pyarrow, and
    the readers without the fetcher."""
    code = (
        "import sys\n"
        "import eventwire.cli.app, eventwire.export, eventwire.store, eventwire.read\n"
        "from eventwire.store import Store\n"
        f"Store.open({str(tmp_path / 'lean.db')!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('psycopg', 'pyarrow')"
        " or m == 'eventwire.fetch'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# -- a missing extra is one coded line ------------------------------------------------


def test_postgres_url_without_psycopg(without) -> None:
    without("psycopg")
    with pytest.raises(StoreError) as raised:
        Store.open(PG_URL)
    assert str(raised.value).startswith("[E140] A PostgreSQL store needs psycopg")
    assert str(raised.value).endswith('pip install "eventwire[postgres]"')


def test_postgres_url_without_psycopg_on_the_command_line(without) -> None:
    without("psycopg")
    result = CliRunner().invoke(app, ["events", "--db", PG_URL])
    assert result.exit_code == 1, result.output
    line = one_coded_line(result.stderr, "E140")
    assert line.endswith('pip install "eventwire[postgres]"')
    result = CliRunner().invoke(app, ["ingest", "-", "--db", PG_URL], input="Troops left.")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0] == line  # then ingest's summary of nothing read
    assert "Traceback" not in result.stderr


def test_parquet_without_pyarrow(without, tmp_path: Path) -> None:
    without("pyarrow")
    docs = [Document(id="a1")]
    target = tmp_path / "events.parquet"
    with pytest.raises(MissingExtraError) as raised:
        export.write(docs, "parquet", target)
    assert str(raised.value) == (
        '[E140] Parquet output needs pyarrow, not installed: pip install "eventwire[parquet]"'
    )
    assert not target.exists()  # refused before the file is created
    with pytest.raises(MissingExtraError):
        export.SCHEMA  # noqa: B018
    stream = io.StringIO()
    assert export.write(docs, "csv", stream) == 0  # the other formats need no pyarrow
    assert stream.getvalue().startswith("article_id,published,")
    assert export.csv_dtypes("acled")["parse_dates"] == ["event_date"]


def test_parquet_without_pyarrow_on_the_command_line(without, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    with Store.open(str(db)) as store:
        store.add([(Article(id="a1", text="Troops left."), Document(id="a1"))])
    without("pyarrow")
    for command in (["export", "--format", "parquet"], ["figures", "--format", "parquet"]):
        out = tmp_path / "out.parquet"
        result = CliRunner().invoke(app, [*command, "-o", str(out), "--db", str(db)])
        assert result.exit_code == 1, result.output
        line = one_coded_line(result.stderr, "E140")
        assert line.endswith('pip install "eventwire[parquet]"')
        assert not out.exists()


def test_the_arrow_schema_matches_the_columns() -> None:
    pytest.importorskip("pyarrow")
    assert tuple(export.SCHEMA.names) == export.COLUMNS
    assert tuple(export.ACLED_SCHEMA.names) == export.ACLED_COLUMNS
    assert [str(f.type) for f in export.SCHEMA] == [kind for _, kind in export.FIELDS]


# -- reading layers ------------------------------------------------------------------------


def imported_modules(path: Path) -> set[str]:
    """The eventwire modules a module imports, at any depth of its code."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names |= {node.module} if node.module else {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("eventwire."):
            names.add(node.module.removeprefix("eventwire."))
    return names


def test_reading_layers_import_one_way() -> None:
    """read.py (bytes and text) <- fetch.py (URLs, feeds) <- inputs.py (dispatch)."""
    package = ROOT / "src" / "eventwire"
    assert not {"fetch", "inputs"} & imported_modules(package / "read.py")
    assert "read" in imported_modules(package / "fetch.py")
    assert "inputs" not in imported_modules(package / "fetch.py")
    assert {"read", "fetch"} <= imported_modules(package / "inputs.py")


# -- the typed client runs on real output --------------------------------------------------


def test_typed_client_on_a_real_document(rules_pipeline: Pipeline) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    try:
        import typed_client
    finally:
        sys.path.remove(str(Path(__file__).parent))
    text = "Rebels shelled the town of Homs on Monday, killing 12 people."
    doc = rules_pipeline.extract(text, published="2025-03-05", id="t1")
    rows = list(typed_client.rows([doc]))
    assert rows and all(row[0] == "t1" for row in rows)
    assert "ASSAULT" in typed_client.summarize(doc)
    worst = typed_client.deadliest(doc)
    assert worst is not None and worst.dead is not None and worst.dead.value == 12
