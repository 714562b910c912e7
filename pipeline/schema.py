"""JSON Schemas of the records, generated from the Pydantic models.

``schemas/`` in the repository holds their output; a test fails when it is
out of date, so the published contract always matches the code.
"""

from __future__ import annotations

import json
from pathlib import Path

from .io import atomic_writer
from .records import FACT_ADAPTER, RECORDS


def schemas() -> dict[str, dict]:
    """File name to JSON Schema: one per fact type, plus the union a JSONL line follows."""
    out = {"fact.schema.json": FACT_ADAPTER.json_schema(mode="serialization")}
    for record in RECORDS:
        out[f"{record.fact_type}.schema.json"] = record.model_json_schema(mode="serialization")
    return out


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(out_dir: str | Path) -> list[Path]:
    """Write every schema into ``out_dir``; returns the files written."""
    written = []
    for name, schema in schemas().items():
        path = Path(out_dir) / name
        with atomic_writer(path) as handle:
            handle.write(render(schema))
        written.append(path)
    return written
