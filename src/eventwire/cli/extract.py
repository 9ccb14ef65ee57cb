"""STUB: `eventwire extract` (being written)."""


def extract_cli() -> None:
    """Extract events, figures and quotes from articles."""
