"""factpipe: dates, countries, money and named projects from English news, as validated JSONL records."""

__version__ = "0.1.0"
