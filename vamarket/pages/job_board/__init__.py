"""The "Find work" job board at /jobs and the VA's saved searches at /saved-searches."""
