"""Every `._` attribute eventwire sets, declared in one place.

Each stage reads the layers of the stages before it and adds its own; no stage writes
another's layer. Values live in `doc.user_data`, so they travel with the Doc through
`nlp.pipe(n_process=...)` and DocBin(store_user_data=True).
"""

import srsly
from spacy.tokens import Doc

from .. import records

LAYERS = {
    "article": "the Article being read (text and metadata; set before the pipeline runs)",
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


def register() -> None:
    """Declare the layers on Doc; idempotent."""
    for name in LAYERS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def encode_record(obj: object, chain=None) -> object:
    """msgpack encoder for records, so Docs carrying layers cross process boundaries
    (nlp.pipe with n_process > 1) and DocBin files."""
    if isinstance(obj, records.Record):
        return {"__eventwire__": type(obj).__name__, "data": obj.model_dump(mode="json")}
    return obj if chain is None else chain(obj)


def decode_record(obj: object, chain=None) -> object:
    if isinstance(obj, dict) and "__eventwire__" in obj:
        return getattr(records, obj["__eventwire__"]).model_validate(obj["data"])
    return obj if chain is None else chain(obj)


register()
srsly.msgpack_encoders.register("eventwire", func=encode_record)
srsly.msgpack_decoders.register("eventwire", func=decode_record)
