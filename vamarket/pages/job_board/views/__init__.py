"""Parts of the job board."""
