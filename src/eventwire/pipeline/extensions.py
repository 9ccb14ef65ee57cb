"""Every `._` attribute eventwire sets, declared in one place.

Each stage reads the layers of the stages before it and adds its own; no stage writes
another's layer. Values live in `doc.user_data`, so they travel with the Doc through
`nlp.pipe(n_process=...)` and DocBin(store_user_data=True).

`doc._.article` is the one layer every stage reads and none writes. The Pipeline sets
it before the Doc enters spaCy; in plain spaCy use (`nlp.add_pipe("eventwire")`) it is
made from the Doc on first read: its text, `doc._.published`, and the context of
`nlp.pipe(..., as_tuples=True)` when that is a dict of the JSONL fields. Its id hashes
the text when no id is given, so the events of two documents never share an id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, cast

import srsly
from pydantic import ValidationError
from spacy.tokens import Doc

from .. import records
from ..errors import Errors, InputError, ReadError

LAYERS = {
    "article": "records.Article: the article being read (text and metadata); set before "
    "the pipeline runs, else made from the Doc on first read (see the module docstring)",
    "published": "date | str | None: the publication date, set by the user before the "
    "pipeline runs in plain spaCy use (`doc._.published = '2025-07-01'`); relative dates "
    "('on Sunday') resolve against it. Read only when no article is set",
    "dateline": "dict | None: the story's dateline ('KHARTOUM (Reuters) -'): its text and "
    "character spans of the whole, the place, region, date and agency (layout stage)",
    "furniture": "list[[start, end]]: lines that are page furniture, not news: bylines, "
    "captions, 'Advertisement' (layout stage)",
    "actors": "list[records.Actor]: every actor mention, resolved (actors stage)",
    "entities": "list[records.Entity]: each actor once, with all its mentions (actors stage)",
    "dates": "list[records.When]: every time expression, resolved (time stage)",
    "places": "list[records.Place]: every toponym, resolved (place stage)",
    "toponyms": "list[records.Place]: the places layer, every toponym mention and locating "
    "demonym against GeoNames (toponyms stage; Document.places)",
    "figures": "list[records.Figure]: reported quantities (figures stage)",
    "quotes": "list[records.Quote]: direct quotations with speakers (quotes stage)",
    "sentence_scores": "list[list[float]] per sentence: p(event), p(category)..., "
    "p(ACLED label)... (learned stage; None in rules-only mode)",
    "events": "list[records.Event]: PLOVER events (events stage)",
}

ARTICLE_KEY = ("._.", "article", None, None)
"""Where `doc._.article` lives in `doc.user_data`: the key spaCy gives a `._` value of
its own, so the article travels as every other layer does."""
CONTEXT_FIELDS = ("id", "title", "url", "source")
"""Article fields read from an `as_tuples` context dict (and its "published")."""


def register() -> None:
    """Declare the layers on Doc; idempotent."""
    for name in LAYERS:
        if Doc.has_extension(name):
            continue
        if name == "article":
            Doc.set_extension(name, getter=get_article, setter=set_article)
        else:
            Doc.set_extension(name, default=None)


def get_article(doc: Doc) -> records.Article:
    """The article set on the Doc, else the one made from it (`article_of`), kept so
    that every stage reads the same one. Raises InputError for a bad date or field."""
    article = user_data(doc).get(ARTICLE_KEY)
    if article is None:
        article = article_of(doc)
        user_data(doc)[ARTICLE_KEY] = article
    return article


def set_article(doc: Doc, article: records.Article | None) -> None:
    user_data(doc)[ARTICLE_KEY] = article


def user_data(doc: Doc) -> dict[Any, Any]:
    """`doc.user_data`, whose keys spaCy's stubs call strings but which holds its `._`
    values under tuples."""
    return cast(dict[Any, Any], doc.user_data)


def article_of(doc: Doc) -> records.Article:
    """An article for a Doc that came without one: its text, id and fields from the
    `as_tuples` context when it is a dict, the date from `doc._.published` (else the
    context's "published"). The id is the context's, else a hash of the text."""
    context = doc._context if isinstance(doc._context, Mapping) else {}
    published = doc._.published if doc._.published is not None else context.get("published")
    where = "doc._.published" if doc._.published is not None else "nlp.pipe context"
    date = publication_date(published, where)
    meta = {field: context.get(field) for field in CONTEXT_FIELDS}
    if isinstance(meta["id"], int) and not isinstance(meta["id"], bool):
        meta["id"] = str(meta["id"])
    return make_article(doc.text, "nlp.pipe context", published=date, **meta)


def make_article(text: str, where: str, **fields: object) -> records.Article:
    """`Article.make`, with InputError (E091, naming the field) for a field of the
    wrong type instead of pydantic's ValidationError."""
    try:
        return records.Article.make(text, **fields)  # type: ignore[arg-type]
    except ValidationError as err:
        problem = err.errors()[0]
        field = ".".join(str(part) for part in problem["loc"]) or "?"
        value = fields.get(field, text if field == "text" else None)
        reason = f"{problem['msg'].lower()}, got {value!r}"[:200]
        raise InputError(Errors.E091.format(where=where, field=field, reason=reason)) from None


def publication_date(value: object, where: str) -> dt.date | None:
    """A publication date given through the API: a date (a datetime's own date), or a
    string or number in any form a JSONL record may use (`read.parse_published`);
    InputError (E018) for anything else."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    from ..read import parse_published  # the readers' rules, loaded when first needed

    try:
        return parse_published(value, where)
    except ReadError as err:
        raise InputError(str(err)) from None


def encode_record(obj: object, chain: Callable[[object], object] | None = None) -> object:
    """msgpack encoder for records, so Docs carrying layers cross process boundaries
    (nlp.pipe with n_process > 1) and DocBin files."""
    if isinstance(obj, records.Record):
        return {"__eventwire__": type(obj).__name__, "data": obj.model_dump(mode="json")}
    return obj if chain is None else chain(obj)


def decode_record(obj: object, chain: Callable[[object], object] | None = None) -> object:
    if isinstance(obj, dict) and "__eventwire__" in obj:
        return getattr(records, obj["__eventwire__"]).model_validate(obj["data"])
    return obj if chain is None else chain(obj)


register()
srsly.msgpack_encoders.register("eventwire", func=encode_record)
srsly.msgpack_decoders.register("eventwire", func=decode_record)
