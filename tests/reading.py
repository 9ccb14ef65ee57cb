"""Assertions shared by the reader tests (test_read*, test_fetch, test_urls)."""

from __future__ import annotations

from eventwire.read import Skipped
from eventwire.records import Article


def only(items: list[Article | Skipped]) -> Article | Skipped:
    assert len(items) == 1, items
    return items[0]


def assert_skipped(item: Article | Skipped, code: str, where: str) -> Skipped:
    """A skip with this code, naming `where`, in one coded line."""
    assert isinstance(item, Skipped), item
    assert item.code == code, item.message
    assert item.where == where
    assert item.message.startswith(f"[{code}] {where}: ")
    assert "\n" not in item.message
    return item
