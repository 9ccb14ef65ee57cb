"""The pipeline stages, one module each, in the order they run:

read -> annotate -> actors -> temporal -> place -> figures -> quotes -> events
"""
