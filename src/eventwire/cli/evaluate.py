"""STUB: `eventwire evaluate` (being written)."""


def evaluate_cli() -> None:
    """Score extraction against gold records."""
