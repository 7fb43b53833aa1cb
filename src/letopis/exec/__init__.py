"""Inference of letopis's own models in plain NumPy (never imports torch)."""
