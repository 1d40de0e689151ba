"""ETL of the strike-and-interception dashboard: reports -> claims -> store."""

__version__ = "0.1.0"
