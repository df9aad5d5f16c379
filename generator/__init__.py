"""Seeded generator of the sample data: the seeds' real figures plus plausible synthetic records."""
