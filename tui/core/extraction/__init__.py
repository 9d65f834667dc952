"""The parse and the rules on it: entities, quote marks, reported speech, speakers.

The only part of newsview that imports spaCy (``pipeline``, and the rules that read a Doc).
"""
