"""Parts of the job page."""
