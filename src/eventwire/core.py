"""The Pipeline: loads the model once, adds the eventwire stages, turns articles into Documents.

One article never costs another: an exception raised while one article is processed
(tokenizing it, in any spaCy or eventwire component, or building its Document) makes
that article a `Failed` record and the stream goes on. spaCy drops the docs of a batch
whose component raised (its error handler is ours and only logs); the articles
missing from the stream are then run again one at a time, so the innocent ones of a
bad batch still come out and the guilty one gets its own exception.

Inputs are Articles, texts, or dicts in the shape of a JSONL record (`{"id", "text",
"published", "title", "url", "source"}`, read by the JSONL reader's rules). One that
is not an article (a dict without text, a bad date) is an InputError with a coded
message: `extract_many` raises it, `process` reports it as a Failed record.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .errors import Errors, ExtractionError, InputError, ReadError, one_line
from .pipeline import factories
from .pipeline.annotate import load_model
from .pipeline.extensions import make_article, publication_date
from .records import Article, Document
from .settings import Options

log = logging.getLogger(__name__)

BATCH_CHARS = 100_000
"""Characters of text per `nlp.pipe` batch: 20 news stories of 5,000 characters fit in
one batch; long reports go a few at a time, so that memory stays under 1 GB."""
SEQ = "eventwire.seq"
"""Key in `Doc.user_data` of an article's position in the stream (survives worker processes)."""

ArticleInput = Article | str | Mapping[str, object]
"""What the Pipeline takes: an Article, a text, or a dict of the JSONL fields."""


@dataclass(frozen=True, slots=True)
class Failed:
    """An article the pipeline could not process, and the exception that stopped it."""

    article: Article
    error: BaseException

    @property
    def where(self) -> str:
        return self.article.where or self.article.id

    @property
    def message(self) -> str:
        """One line: `[E080] news.jsonl:7 (id 42): extraction failed (ValueError: ...)`,
        or for an input that is no article the InputError's own coded message."""
        if isinstance(self.error, InputError):
            return str(self.error)
        return Errors.E080.format(where=self.where, id=self.article.id, reason=one_line(self.error))


class Pipeline:
    """Article -> annotated Doc -> layers -> Document, in batches through `nlp.pipe`."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.nlp: Language = load_model(self.options.model, self.options.max_chars)
        configs = factories.stage_configs(
            learned=self.options.learned,
            historical_days=self.options.historical_days,
            actors_file=self.options.actors_file,
        )
        for stage, config in configs.items():
            self.nlp.add_pipe(stage, config=config)
        self.nlp.default_error_handler = drop_failed
        for _, component in self.nlp.pipeline:
            set_handler = getattr(component, "set_error_handler", None)
            with suppress(AttributeError):  # spaCy's parser and NER have no room for one
                if set_handler is not None:
                    set_handler(drop_failed)

    def extract(
        self,
        text: str,
        published: dt.date | str | None = None,
        *,
        id: str | None = None,
        title: str | None = None,
        url: str | None = None,
        source: str | None = None,
    ) -> Document:
        """One article's Document. `published` (a date, or a string such as "2025-07-01"
        or "1 July 2025") anchors relative dates ("on Sunday"); without `id` the id is a
        hash of the text.

        Raises:
            InputError: `text` is not a string, `published` is not a date, or another
                field has the wrong type (E090, E018, E091).
            ExtractionError: the pipeline failed on the article (E080).
        """
        where = f"article {id}" if id else "article"
        if not isinstance(text, str):
            raise InputError(Errors.E090.format(where=where, kind=type(text).__name__))
        date = publication_date(published, where)
        meta = {"id": id, "title": title, "url": url, "source": source}
        article = make_article(text, where, published=date, **meta)
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[ArticleInput]) -> Iterator[Document]:
        """Documents for a stream of articles, in input order, batched and lazy:
        a 100,000-article stream never sits in memory. An item is an Article, a text,
        or a dict in the shape of a JSONL record, e.g. `{"id": "a1", "text": "...",
        "published": "2025-07-01", "title": ..., "url": ..., "source": ...}`, read by
        the JSONL reader's rules (any date form it takes; other keys are ignored).

        Raises, when the stream reaches the item (the Documents before it are yielded):
            InputError: an item is not an article: a dict without "text" (E016) or with
                an empty one (E011), a `published` that is not a date (E018), a field of
                the wrong type (E022), neither a text, a dict nor an Article (E090).
            ExtractionError: the pipeline failed on an article (E080).
        Both are `eventwire.errors.EventwireError`s with a one-line message.
        `process()` reports either as a Failed record and goes on instead."""
        for result in self.process(articles):
            if isinstance(result, Failed):
                if isinstance(result.error, InputError):
                    raise result.error
                raise ExtractionError(result.message) from result.error
            yield result

    def process(self, articles: Iterable[ArticleInput]) -> Iterator[Document | Failed]:
        """A Document, or a Failed record, for every item, in input order; items as
        `extract_many` takes them."""
        pending: dict[int, Article] = {}
        refused: dict[int, BaseException] = {}

        def docs() -> Iterator[Doc]:
            for seq, item in enumerate(articles):
                try:
                    article = to_article(item, seq, self.options.max_chars)
                except Exception as err:  # not an article: reported, never a stop
                    pending[seq] = Article.model_construct(
                        id=item_id(item) or f"#{seq}", text="", where=f"input #{seq}"
                    )
                    refused[seq] = err
                    continue
                pending[seq] = article
                try:
                    doc = self._make_doc(article)
                except Exception as err:  # the tokenizer on hostile text
                    refused[seq] = err
                    continue
                doc.user_data[SEQ] = seq
                yield doc

        def missing_before(seq: int | None) -> Iterator[Document | Failed]:
            """Articles that entered before `seq` (all, for None) and never came back."""
            for earlier in [s for s in pending if seq is None or s < seq]:
                article = pending.pop(earlier)
                error = refused.pop(earlier, None)
                yield Failed(article, error) if error else self._one(article)

        source = docs()
        while True:
            stream = self._pipe(source)
            try:
                for doc in stream:
                    seq = doc.user_data[SEQ]
                    yield from missing_before(seq)
                    article = pending.pop(seq)
                    try:
                        yield to_document(doc)
                    except Exception as err:
                        yield Failed(article, err)
            except Exception as err:
                # A component without an error handler raised and ended the stream: the
                # articles it held are run alone, then a new stream takes the rest.
                log.debug("pipeline stream failed: %r", err)
                yield from missing_before(None)
                continue
            break
        yield from missing_before(None)

    def _pipe(self, docs: Iterator[Doc]) -> Iterator[Doc]:
        """`nlp.pipe` in batches of at most `batch_size` docs and BATCH_CHARS characters
        (in one process): a batch's docs are all in memory at once, and 32 long
        reports would take gigabytes where 32 news stories take megabytes."""
        if self.options.n_process > 1:
            # Worker processes take batch_size docs each: long articles cost memory there.
            yield from self.nlp.pipe(
                docs, batch_size=self.options.batch_size, n_process=self.options.n_process
            )
            return
        for batch in batches(docs, self.options.batch_size, BATCH_CHARS):
            yield from self.nlp.pipe(batch, batch_size=len(batch))

    def annotate_many(self, articles: Iterable[ArticleInput]) -> Iterator[Doc]:
        """Annotated Docs for a stream of articles, batched through `nlp.pipe`; an
        article that fails is left out (logged). Raises InputError for an item that
        is not an article."""
        docs = (
            self._make_doc(to_article(a, n, self.options.max_chars)) for n, a in enumerate(articles)
        )
        yield from self.nlp.pipe(
            docs, batch_size=self.options.batch_size, n_process=self.options.n_process
        )

    def annotate(self, article: ArticleInput) -> Doc:
        """The annotated Doc with every layer, for users who want spaCy objects.
        Raises InputError for an input that is not an article, else what the failing
        component raised."""
        doc = self._make_doc(to_article(article, 0, self.options.max_chars))
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        return doc

    def _one(self, article: Article) -> Document | Failed:
        """One article alone, outside any batch: its Document or its own exception."""
        try:
            return to_document(self.annotate(article))
        except Exception as err:
            return Failed(article, err)

    def _make_doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        doc._.article = article
        return doc


def to_article(item: ArticleInput, seq: int, max_chars: int) -> Article:
    """The Article the `seq`th input stands for: itself, a text's, or a JSONL-shaped
    dict's (by `read.article_from_record`, so a dict is read as a line of a .jsonl file
    is, with the same coded messages); InputError for anything that is not an article.
    Messages name the input `input #3 (id a7)`."""
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article.make(item)
    where = f"input #{seq}"
    named = where if item_id(item) is None else f"{where} (id {item_id(item)})"
    if not isinstance(item, Mapping):
        raise InputError(Errors.E090.format(where=named, kind=type(item).__name__))
    from .read import ReadOptions, article_from_record  # the readers' rules

    record = dict(item)
    published = publication_date(record.pop("published", None), named)
    options = ReadOptions(published=published, max_chars=max_chars)
    try:
        article = article_from_record(record, named, options)
    except ReadError as err:
        raise InputError(str(err)) from None
    article.where = where  # E080 adds the id itself
    return article


def item_id(item: object) -> str | None:
    """A dict input's id, for messages."""
    record_id = item.get("id") if isinstance(item, Mapping) else None
    return None if record_id is None else str(record_id)


def batches(docs: Iterator[Doc], size: int, chars: int) -> Iterator[list[Doc]]:
    """Lists of consecutive docs, each of at most `size` docs and, unless one doc alone
    is longer, `chars` characters."""
    batch: list[Doc] = []
    total = 0
    for doc in docs:
        if batch and (len(batch) >= size or total + len(doc.text) > chars):
            yield batch
            batch, total = [], 0
        batch.append(doc)
        total += len(doc.text)
    if batch:
        yield batch


def drop_failed(name: str | None, component: object, docs: list[Doc], error: Exception) -> None:
    """spaCy's error handler: log and drop the docs, which `Pipeline.process` retries one by
    one. Module-level so that worker processes (`n_process`) can unpickle it."""
    log.debug("component %s failed on %d docs: %r", name, len(docs or ()), error)


def to_document(doc: Doc) -> Document:
    """Collect the layers of an annotated Doc into the output record."""
    article: Article = doc._.article
    return Document(
        id=article.id,
        title=article.title,
        url=article.url,
        source=article.source,
        published=article.published,
        events=doc._.events or [],
        figures=doc._.figures or [],
        quotes=doc._.quotes or [],
        entities=doc._.entities or [],
        places=doc._.toponyms or [],
    )
