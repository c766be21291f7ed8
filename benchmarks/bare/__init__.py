"""Baselines for `make bench`: the same hello skill a new ask-sdk-core user writes first."""
