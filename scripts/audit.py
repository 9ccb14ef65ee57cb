"""Re-run issue 11's reliability audit: hostile inputs through the real command line.

Builds every input in a temporary directory, runs `eventwire` on it in a child process
(as a user would), and prints one row per probe: exit status, whether a traceback
escaped, good articles out, the child's peak RSS and wall time, and the check that
decides pass or fail. Run before each release; the figures go to docs/reliability.md.

    python scripts/audit.py            # every probe, about two minutes
    python scripts/audit.py emoji ssrf # some of them

Exit status 1 when any probe fails its check.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import os
import re
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EVENTWIRE = [sys.executable, "-m", "eventwire"]
STORY = (
    "Gunmen attacked a checkpoint near {town} on Monday, killing {n} soldiers, the army "
    "said. Officials said talks with community leaders would resume next week."
)
TOWNS = ("Gao", "Kidal", "Mopti", "Sikasso", "Kayes", "Menaka", "Segou", "Tessalit")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    rss_mb: float
    seconds: float

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.stderr

    def lines(self) -> int:
        return sum(1 for line in self.stdout.splitlines() if line.startswith("{"))


def eventwire(*args: str, timeout: float = 600, cwd: Path | None = None) -> Run:
    """One command in a child process, measured with GNU time when it is there."""
    timer = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    started = time.monotonic()
    try:
        done = subprocess.run(
            [*timer, *EVENTWIRE, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd
        )
    except subprocess.TimeoutExpired as err:
        return Run(-9, str(err.stdout or ""), f"timed out after {timeout:g} s", 0, timeout)
    seconds = time.monotonic() - started
    stderr, rss = done.stderr, 0.0
    if timer:
        *rest, last = stderr.rstrip("\n").split("\n")
        if last.strip().isdigit():
            stderr, rss = "\n".join(rest), int(last) / 1024
    return Run(done.returncode, done.stdout, stderr, rss, seconds)


def story(n: int, **extra: object) -> dict:
    return {"id": f"s{n}", "text": STORY.format(town=TOWNS[n % len(TOWNS)], n=n + 2)} | extra


def jsonl(path: Path, records: list[dict | str]) -> Path:
    lines = (r if isinstance(r, str) else json.dumps(r) for r in records)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- probes: each returns (Run, check passed, what was checked) ---------------------------


def deep_json(tmp: Path) -> tuple[Run, bool, str]:
    deep = '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = jsonl(tmp / "deep.jsonl", [story(1), deep, story(2)])
    run = eventwire("extract", str(path), "-f", "jsonl")
    return run, run.code == 1 and run.lines() == 2 and "[E015]" in run.stderr, "2 out, E015"


def numbers(tmp: Path) -> tuple[Run, bool, str]:
    texts = [
        "Gunmen killed ² villagers and injured ① others in an attack on Monday.",
        "Rebels killed infinity soldiers, and the army arrested " + "9" * 400 + " people.",
        "Militants abducted 123456789012345678901234567890 students from a school in Kano.",
        "Police arrested ١٢ protesters in Cairo on Friday.",
    ]
    path = jsonl(tmp / "numbers.jsonl", [{"id": f"n{i}", "text": t} for i, t in enumerate(texts)])
    db = tmp / "numbers.db"
    run = eventwire("ingest", str(path), "--db", str(db))
    out = eventwire("export", "--format", "jsonl", "--db", str(db))
    values = [
        e[k]["value"]
        for line in out.stdout.splitlines()
        for e in json.loads(line)["events"]
        for k in ("dead", "injured", "arrested", "abducted")
        if e[k]
    ]
    ok = run.code == 0 and sorted(values) == [12]
    return run, ok, f"4 stored, counts {sorted(values)} (only the 12 is a count)"


def surrogates(tmp: Path) -> tuple[Run, bool, str]:
    records = [story(n) for n in range(200)]
    for n in range(0, 200, 7):
        records[n] = story(n, title="t\ud800", text=records[n]["text"] + " \udfff")
    lines = [json.dumps(r) for r in records]  # json.dumps writes "\ud800" escapes
    path = jsonl(tmp / "surrogates.jsonl", lines)
    run = eventwire("extract", str(path), "-f", "jsonl")
    return run, run.code == 0 and run.lines() == 200, "200 of 200 out"


def unreadable_and_special_files(tmp: Path) -> tuple[Run, bool, str]:
    corpus = tmp / "corpus"
    corpus.mkdir()
    jsonl(corpus / "good.jsonl", [story(n) for n in range(3)])
    os.mkfifo(corpus / "pipe.jsonl")
    (corpus / "zero.jsonl").symlink_to("/dev/zero")
    (corpus / "noise.txt").symlink_to("/dev/urandom")
    (corpus / "gone.csv").symlink_to(tmp / "missing.csv")
    files = [str(corpus / n) for n in ("pipe.jsonl", "zero.jsonl", "noise.txt")]
    run = eventwire("ingest", str(corpus), *files, "--db", str(tmp / "files.db"), timeout=120)
    stored = re.search(r"stored articles\s+(\d+)", run.stderr)
    ok = run.code == 1 and run.stderr.count("[E024]") == 3 and bool(stored)
    ok = ok and stored.group(1) == "3"
    return run, ok, "3 stored, FIFO and devices E024, no hang"


def newline_free_gigabyte(tmp: Path) -> tuple[Run, bool, str]:
    path = tmp / "huge.jsonl"
    with path.open("wb") as handle:
        handle.write(json.dumps(story(1)).encode() + b"\n")
        chunk = b"x" * (1 << 20)
        for _ in range(1024):
            handle.write(chunk)
        handle.write(b"\n" + json.dumps(story(2)).encode() + b"\n")
    run = eventwire("ingest", str(path), "--db", str(tmp / "huge.db"))
    path.unlink()
    ok = run.code == 1 and "[E021]" in run.stderr and run.rss_mb < 1024
    return run, ok, "1 GB line skipped (E021), 2 stored, RSS < 1 GB"


def long_article(tmp: Path) -> tuple[Run, bool, str]:
    base = STORY.format(town="Gao", n=12) + " "
    records = [
        {"id": "900k", "text": (base * 6000)[:900_000]},
        {"id": "100k", "text": (base * 700)[:100_000]},
        story(1),
    ]
    path = jsonl(tmp / "long.jsonl", records)
    run = eventwire("extract", str(path), "-f", "jsonl")
    refused = "[E014]" in run.stderr or "[E021]" in run.stderr
    ok = run.code == 1 and run.lines() == 2 and refused and run.rss_mb < 1024
    return run, ok, "900k refused (E014), 100k read, RSS < 1 GB"


def emoji(tmp: Path) -> tuple[Run, bool, str]:
    text = "Police arrested 3 protesters in Nairobi. " + "\U0001f600" * 8000
    path = jsonl(tmp / "emoji.jsonl", [{"id": "e", "text": text}])
    run = eventwire("extract", str(path), "-f", "jsonl")
    return run, run.code == 0 and run.lines() == 1 and run.seconds < 30, "out, linear time"


def published_falsy(tmp: Path) -> tuple[Run, bool, str]:
    records = [story(n, published=v) for n, v in enumerate((0, False, "", None))]
    run = eventwire("extract", str(jsonl(tmp / "dates.jsonl", records)), "-f", "jsonl")
    return run, run.code == 1 and run.stderr.count("[E018]") == 3, "0, false, '' are E018"


def short_english(tmp: Path) -> tuple[Run, bool, str]:
    """Two-sentence news texts of the shapes that fooled the old check."""
    shapes = [
        "- {town}: Clashes between army and JNIM near the market; {n} soldiers killed.\n"
        "- Mopti: IED found on the RN16 (14 May), defused by FAMa engineers.",
        "BAMAKO, Mali, May {n} (Reuters) - Malian troops and Wagner fighters retook {town} "
        "on Sunday, Colonel Souleymane Dembele said. Residents fled toward Gao.",
        "Mali Junta Dissolves Parties After {town} Rally\nAssimi Goita's transitional "
        "government dissolved {n} parties on Tuesday, state broadcaster ORTM said.",
    ]
    records = [
        {"id": f"e{i}", "text": shape.format(town=TOWNS[i % 8], n=i + 3)}
        for i, shape in enumerate(shapes * 30)
    ]
    path = jsonl(tmp / "english.jsonl", records)
    run = eventwire("ingest", str(path), "--db", str(tmp / "english.db"))
    return run, run.code == 0 and "not English" not in run.stderr, "90 of 90 read as English"


def concurrent_ingests(tmp: Path) -> tuple[Run, bool, str]:
    path = jsonl(tmp / "race.jsonl", [story(n) for n in range(40)])
    db = tmp / "race.db"
    args = [*EVENTWIRE, "ingest", str(path), "--db", str(db), "--commit-every", "4"]
    children = [subprocess.Popen(args, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [c.communicate(timeout=600)[1] for c in children]
    stored = [int(re.search(r"stored articles\s+([\d,]+)", o).group(1)) for o in outs]
    run = Run(max(c.returncode for c in children), "", "\n".join(outs), 0, 0)
    return run, sum(stored) == 40, f"summaries claim {stored} of 40"


def csv_formulas(tmp: Path) -> tuple[Run, bool, str]:
    record = story(1, title='=HYPERLINK("http://x.example","click")', source="@SUM(A1)")
    db = tmp / "csv.db"
    eventwire("ingest", str(jsonl(tmp / "csv.jsonl", [record])), "--db", str(db))
    run = eventwire("export", "--format", "csv", "--db", str(db))
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    ok = bool(rows) and all(
        r["title"].startswith("'=") and r["source"] == "'@SUM(A1)" for r in rows
    )
    return run, ok, "title and source start with '"


class Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        for _ in range(600):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(1)

    def log_message(self, *args: object) -> None:
        pass


def slow_url(tmp: Path) -> tuple[Run, bool, str]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Slow)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/slow"
    run = eventwire("extract", url, "--allow-private-urls", "--ignore-robots", timeout=300)
    server.shutdown()
    return run, run.code == 1 and "[E072]" in run.stderr and run.seconds < 120, "E072 in time"


def ssrf(tmp: Path) -> tuple[Run, bool, str]:
    urls = [
        "http://127.0.0.1/", "http://localhost/", "http://[::1]/", "http://169.254.169.254/",
        "http://2130706433/", "http://[::ffff:127.0.0.1]/", "file:///etc/passwd",
    ]  # fmt: skip
    run = eventwire("extract", *urls, timeout=120)
    refused = run.stderr.count("[E070]") + run.stderr.count("[E071]")
    refused += run.stderr.count("[E010]")  # file:// is no URL to us but a path, not found
    return run, run.code == 1 and refused == len(urls), f"{refused} of {len(urls)} refused"


PROBES: dict[str, Callable[[Path], tuple[Run, bool, str]]] = {
    "deep-json": deep_json,
    "numbers": numbers,
    "surrogates": surrogates,
    "special-files": unreadable_and_special_files,
    "1gb-line": newline_free_gigabyte,
    "long-article": long_article,
    "emoji": emoji,
    "published-falsy": published_falsy,
    "short-english": short_english,
    "concurrent": concurrent_ingests,
    "csv-formulas": csv_formulas,
    "slow-url": slow_url,
    "ssrf": ssrf,
}


def main(names: list[str]) -> int:
    chosen = names or list(PROBES)
    failed = 0
    print(f"{'probe':16} {'exit':>4} {'trace':>5} {'RSS MB':>7} {'s':>6}  check")
    for name in chosen:
        tmp = Path(tempfile.mkdtemp(prefix=f"audit-{name}-"))
        try:
            run, ok, what = PROBES[name](tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        ok = ok and not run.traceback
        failed += not ok
        trace = "yes" if run.traceback else "no"
        print(f"{name:16} {run.code:>4} {trace:>5} {run.rss_mb:>7.0f} {run.seconds:>6.1f}  "
              f"{'PASS' if ok else 'FAIL'}: {what}")  # fmt: skip
        if not ok:
            print("   " + run.stderr.strip().replace("\n", "\n   ")[-1500:])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
