"""Demo data and the local sign-in provider used by `make run` when no provider is configured."""
