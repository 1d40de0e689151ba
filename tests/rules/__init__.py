"""Extraction rules taught by the blind corpora and the held-out genres, one module per behaviour."""
