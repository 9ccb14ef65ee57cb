"""The command line: one module per command; app.py wires them."""
