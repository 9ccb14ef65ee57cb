"""The Pipeline: loads the model once, adds the eventwire stages, turns articles into Documents.

One article never costs another: an exception raised while one article is processed
(tokenizing it, in any spaCy or eventwire component, or building its Document) makes
that article a `Failed` record and the stream goes on. spaCy drops the docs of a batch
whose component raised (its error handler is ours and only logs); the articles
missing from the stream are then run again one at a time, so the innocent ones of a
bad batch still come out and the guilty one gets its own exception.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .errors import Errors, ExtractionError, one_line
from .pipeline import factories
from .pipeline.annotate import load_model
from .records import Article, Document
from .settings import Options

log = logging.getLogger(__name__)

BATCH_CHARS = 100_000
"""Characters of text per `nlp.pipe` batch: 20 news stories of 5,000 characters fit in
one batch; long reports go a few at a time, so that memory stays under 1 GB."""
SEQ = "eventwire.seq"
"""Key in `Doc.user_data` of an article's position in the stream (survives worker processes)."""


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
        """One line: `[E080] news.jsonl:7 (id 42): extraction failed (ValueError: ...)`."""
        return Errors.E080.format(where=self.where, id=self.article.id, reason=one_line(self.error))


class Pipeline:
    """Article -> annotated Doc -> layers -> Document, in batches through `nlp.pipe`."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.nlp: Language = load_model(self.options.model, self.options.max_chars)
        configs = {
            "eventwire_events": {
                "historical_days": self.options.historical_days,
                "actors_file": self.options.actors_file,
            },
            "eventwire_actors": {"actors_file": self.options.actors_file},
        }
        for stage in factories.STAGES:
            if stage == "eventwire_learned" and not self.options.learned:
                continue
            self.nlp.add_pipe(stage, config=configs.get(stage, {}))
        self.nlp.default_error_handler = drop_failed
        for _, component in self.nlp.pipeline:
            with suppress(AttributeError):  # spaCy's parser and NER have no room for one
                component.set_error_handler(drop_failed)

    def extract(
        self, text: str, published: dt.date | str | None = None, **meta: object
    ) -> Document:
        """One article's Document. `published` anchors relative dates ("on Sunday")."""
        article = Article.make(text, published=published, **meta)
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article | str]) -> Iterator[Document]:
        """Documents for a stream of articles, in input order, batched and lazy:
        a 100,000-article stream never sits in memory. Raises ExtractionError for an
        article that fails; `process()` reports it and goes on instead."""
        for result in self.process(articles):
            if isinstance(result, Failed):
                raise ExtractionError(result.message) from result.error
            yield result

    def process(self, articles: Iterable[Article | str]) -> Iterator[Document | Failed]:
        """A Document, or a Failed record, for every article, in input order."""
        pending: dict[int, Article] = {}
        refused: dict[int, BaseException] = {}

        def docs() -> Iterator[Doc]:
            for seq, item in enumerate(articles):
                try:
                    article = item if isinstance(item, Article) else Article.make(item)
                except Exception as err:  # not a text at all: reported, never a stop
                    pending[seq] = Article.model_construct(id=f"#{seq}", text="", where=None)
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

    def annotate_many(self, articles: Iterable[Article | str]) -> Iterator[Doc]:
        """Annotated Docs for a stream of articles, batched through `nlp.pipe`; an
        article that fails is left out (logged)."""
        docs = (self._make_doc(a if isinstance(a, Article) else Article.make(a)) for a in articles)
        yield from self.nlp.pipe(
            docs, batch_size=self.options.batch_size, n_process=self.options.n_process
        )

    def annotate(self, article: Article | str) -> Doc:
        """The annotated Doc with every layer, for users who want spaCy objects.
        Raises what the failing component raised."""
        article = article if isinstance(article, Article) else Article.make(article)
        doc = self._make_doc(article)
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
