"""Training code for letopis's own models (PyTorch: the optional ``letopis[train]`` extra)."""
