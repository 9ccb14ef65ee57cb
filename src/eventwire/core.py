"""The Pipeline: loads the model once, adds the eventwire stages, turns articles into Documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .pipeline import factories
from .pipeline.annotate import load_model
from .records import Article, Document
from .settings import Options


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
            self.nlp.add_pipe(stage, config=configs.get(stage, {}))

    def extract(
        self, text: str, published: dt.date | str | None = None, **meta: object
    ) -> Document:
        """One article's Document. `published` anchors relative dates ("on Sunday")."""
        article = Article.make(text, published=published, **meta)
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article | str]) -> Iterator[Document]:
        """Documents for a stream of articles, in input order, batched and lazy:
        a 100,000-article stream never sits in memory."""
        for doc in self.annotate_many(articles):
            yield to_document(doc)

    def annotate_many(self, articles: Iterable[Article | str]) -> Iterator[Doc]:
        """Annotated Docs for a stream of articles, batched through `nlp.pipe`."""
        docs = (self._make_doc(a if isinstance(a, Article) else Article.make(a)) for a in articles)
        yield from self.nlp.pipe(
            docs, batch_size=self.options.batch_size, n_process=self.options.n_process
        )

    def annotate(self, article: Article | str) -> Doc:
        """The annotated Doc with every layer, for users who want spaCy objects."""
        article = article if isinstance(article, Article) else Article.make(article)
        return self.nlp(self._make_doc(article))

    def _make_doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        doc._.article = article
        return doc


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
    )
