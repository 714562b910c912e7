"""The accuracy gate of ``factpipe evaluate``: does a report meet its thresholds and its baseline?

Both sides are reports in the shape of :meth:`pipeline.evaluate.Report.to_json`
(what ``evaluate --json`` prints), and the gate reads relaxed F1 as that report
writes it, to four decimals, so a run that prints the baseline's figures is never
a drop, whatever the rounding.  Numbers are compared as decimals: a fall of
exactly the tolerance passes.

* ``--fail-under 0.9`` holds overall relaxed F1 at 0.9 or more; ``date=0.85``
  holds one type.  A threshold on a type the report does not score (TimeBank
  annotates dates only) fails: it cannot be checked, and a gate that passes
  unchecked would hide it.
* ``--baseline SCORES.json`` fails when a type's relaxed F1, or the overall one,
  fell by more than the tolerance.  A type the baseline scored and the report
  does not fails (the gate cannot check it); a type the report scores and the
  baseline does not is a note, not a failure: there is nothing it can have
  fallen from.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .errors import GoldError
from .records import RECORD_TYPES

#: the name of the overall score in a report and in ``--fail-under overall=0.9``
OVERALL = "overall"
#: how far a relaxed F1 may fall below the baseline's before the gate fails
DEFAULT_TOLERANCE = Decimal("0.005")
#: the places a report gives F1 to (``Counts.to_json``)
PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Threshold:
    """Relaxed F1 of ``scope`` (a fact type, or :data:`OVERALL`) must be at least ``minimum``."""

    scope: str
    minimum: Decimal


def _fraction(text: str, what: str) -> Decimal:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"{what} must be a number from 0 to 1, not {text!r}") from None
    if not number.is_finite() or not 0 <= number <= 1:
        raise ValueError(f"{what} must be a number from 0 to 1, not {text!r}")
    return number


def parse_threshold(text: str) -> Threshold:
    """``0.9`` (overall) or ``TYPE=0.9``; a ValueError says what is wrong.

    >>> parse_threshold("0.9"), parse_threshold("date=0.85")
    (Threshold(scope='overall', minimum=Decimal('0.9')), Threshold(scope='date', minimum=Decimal('0.85')))
    """
    scope, sep, number = text.partition("=")
    if not sep:
        return Threshold(OVERALL, _fraction(text, "a threshold"))
    scope = scope.strip()
    if scope not in (*RECORD_TYPES, OVERALL):
        known = ", ".join([*RECORD_TYPES, OVERALL])
        raise ValueError(f"unknown fact type {scope!r} in {text!r} (known: {known})")
    return Threshold(scope, _fraction(number, f"the threshold of {scope}"))


def parse_tolerance(text: str) -> Decimal:
    """A tolerance is a fall of F1 allowed, from 0 to 1."""
    return _fraction(text, "the tolerance")


def relaxed_f1(report: dict[str, Any]) -> dict[str, Decimal]:
    """Relaxed F1 of each scored type and overall, as the report writes it (four decimals)."""
    return {scope: Decimal(str(counts["f1"])).quantize(PLACES) for scope, counts in report["relaxed"].items()}


@dataclass
class GateResult:
    """What the gate found: ``failures`` make it fail; ``held`` (thresholds) and ``kept`` (scores
    within the tolerance of the baseline) passed; ``notes`` are for the log."""

    tolerance: Decimal = DEFAULT_TOLERANCE
    failures: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        """What passed, in one line."""
        parts = [", ".join(self.held)] if self.held else []
        if self.kept:
            parts.append(f"within {self.tolerance} of the baseline: {', '.join(self.kept)}")
        return "; ".join(parts)


def check_gate(
    report: dict[str, Any],
    thresholds: Iterable[Threshold] = (),
    baseline: dict[str, Any] | None = None,
    tolerance: Decimal = DEFAULT_TOLERANCE,
) -> GateResult:
    """Check a report (``Report.to_json()``) against thresholds and a baseline report."""
    result = GateResult(tolerance)
    now = relaxed_f1(report)
    for threshold in thresholds:
        scope, minimum = threshold.scope, threshold.minimum
        if scope not in now:
            scored = ", ".join(s for s in now if s != OVERALL) or "none"
            result.failures.append(f"{scope}: not scored in this report (scored: {scored}); its threshold {minimum} cannot be checked")
        elif now[scope] < minimum:
            result.failures.append(f"{scope}: relaxed F1 {now[scope]} is under {minimum} by {minimum - now[scope]}")
        else:
            result.held.append(f"{scope} {now[scope]} >= {minimum}")
    if baseline is not None:
        before = relaxed_f1(baseline)
        for scope, old in before.items():
            if scope not in now:
                result.failures.append(f"{scope}: scored in the baseline (F1 {old}) but not in this report")
            elif old - now[scope] > tolerance:
                result.failures.append(
                    f"{scope}: relaxed F1 fell from {old} to {now[scope]}, by {old - now[scope]} (tolerance {tolerance})"
                )
            else:
                result.kept.append(f"{scope} {now[scope]} (was {old})")
        for scope in now.keys() - before.keys():
            result.notes.append(f"{scope}: scored now (F1 {now[scope]}) but not in the baseline: nothing to compare")
    return result


def read_baseline(path: str | Path) -> dict[str, Any]:
    """A report written by ``factpipe evaluate --json``; anything else is a :class:`GoldError` naming the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise GoldError(f"{path}: cannot read: {reason}") from None
    try:
        report = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: not valid JSON: {exc}") from None
    problem = _report_problem(report)
    if problem:
        raise GoldError(f"{path}: not a report of 'factpipe evaluate --json': {problem}")
    return report


def _report_problem(report: Any) -> str | None:
    """Why ``report`` is not one :func:`check_gate` can read, or None."""
    if not isinstance(report, dict) or not isinstance(report.get("relaxed"), dict):
        return "no 'relaxed' scores"
    for scope, counts in report["relaxed"].items():
        f1 = counts.get("f1") if isinstance(counts, dict) else None
        if isinstance(f1, bool) or not isinstance(f1, int | float) or not 0 <= f1 <= 1:
            return f"relaxed.{scope}.f1 is not a number from 0 to 1"
    return None
