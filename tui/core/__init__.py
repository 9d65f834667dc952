"""The headless NLP core: loading, analysis, cache, review store, export.

Nothing under ``tui.core`` may import Textual (a test enforces it), so the core can be
used from scripts and benchmarked without a screen.
"""
