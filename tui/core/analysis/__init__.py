"""Analysing articles once: the analyser in front of the pipeline and its cache."""
