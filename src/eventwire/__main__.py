"""`python -m eventwire`: the command line, for when the `eventwire` script is not on PATH."""

from .cli.app import main

main()
