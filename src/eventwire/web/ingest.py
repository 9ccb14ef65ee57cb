"""Ingest over HTTP: POST an article's text, or a URL to fetch, and it is stored.

Off unless `eventwire serve --allow-ingest` with a token: every request must carry
`Authorization: Bearer TOKEN`, compared in constant time (`hmac.compare_digest`). URLs
go through the same reader as `eventwire ingest` (`fetch.read_url`) with its default
`UrlPolicy`: http(s) only, loopback, private, link-local and metadata addresses
refused after DNS resolution and at every redirect. Writes are serialized (one lock):
the pipeline and SQLite's single writer both want one at a time.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable, Iterable
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..core import Failed, Pipeline
from ..errors import ReadError
from ..fetch import read_url
from ..language import looks_english
from ..read import ReadOptions, Skipped, parse_date
from ..records import Article
from ..store import Store
from .api import PREFIX
from .problems import ProblemError, responses
from .schemas import IngestResult, IngestText, IngestUrl

URL_TIMEOUT = 10.0
"""Seconds per wait when fetching a posted URL (its total deadline is four times this)."""

bearer = HTTPBearer(auto_error=False, description="The token given to --allow-ingest")


class Ingestor:
    """Stores posted articles through the pipeline, one request at a time."""

    def __init__(self, store: Store, pipeline: Callable[[], Pipeline], token: str) -> None:
        self.store = store
        self.pipeline = pipeline
        self.token = token.encode()
        self.lock = threading.Lock()

    def authorized(self, credentials: HTTPAuthorizationCredentials | None) -> bool:
        if credentials is None or credentials.scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(credentials.credentials.encode(), self.token)

    def ingest(self, items: Iterable[Article | Skipped]) -> IngestResult:
        """Read items in, skip what cannot be stored (with its coded message), extract
        and store the rest in one transaction."""
        result = IngestResult(stored=[], duplicates=[], skipped=[])
        fresh: list[Article] = []
        for item in items:
            if isinstance(item, Skipped):
                result.skipped.append(item.message)
            elif not looks_english(item.text):
                result.skipped.append(f"{item.id}: not English")
            else:
                fresh.append(item)
        with self.lock:
            known = self.store.known(a.id for a in fresh)
            result.duplicates.extend(a.id for a in fresh if a.id in known)
            todo = [a for a in fresh if a.id not in known]
            if not todo:
                return result
            batch = []
            for article, outcome in zip(todo, self.pipeline().process(todo), strict=True):
                if isinstance(outcome, Failed):
                    self.store.fail(article.id, article.where, outcome.message)
                    result.skipped.append(outcome.message)
                else:
                    batch.append((article, outcome))
            result.stored.extend(self.store.add(batch))
        return result


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Ingestor:
    ingestor: Ingestor = request.app.state.ingestor
    if not ingestor.authorized(credentials):
        raise ProblemError(
            401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"}
        )
    return ingestor


Authorized = Annotated[Ingestor, Depends(require_token)]
router = APIRouter(prefix=f"{PREFIX}/ingest", responses=responses(401, 413, 422, 503))


def published_date(value: str | None) -> object:
    if value is None:
        return None
    try:
        return parse_date(value, "published")
    except ReadError as err:
        raise ProblemError(422, str(err)) from None


@router.post("/text", response_model=IngestResult)
def ingest_text(body: IngestText, ingestor: Authorized) -> IngestResult:
    """Store one article given as text (with its metadata)."""
    article = Article.make(
        body.text,
        id=body.id,
        title=body.title,
        url=body.url,
        source=body.source,
        published=published_date(body.published),
        where="POST /ingest/text",
    )
    return ingestor.ingest([article])


@router.post("/url", response_model=IngestResult)
def ingest_url(body: IngestUrl, ingestor: Authorized) -> IngestResult:
    """Fetch a URL (an article, or every item of a feed) and store what it holds. Refused
    addresses and schemes are a 422 problem with the reader's coded message."""
    options = ReadOptions(published=published_date(body.published), timeout=URL_TIMEOUT)
    result = ingestor.ingest(read_url(body.url, options))
    refused = [m for m in result.skipped if m.startswith(("[E070]", "[E071]"))]
    if refused and not result.stored:
        raise ProblemError(422, refused[0])
    return result
