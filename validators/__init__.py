"""Qujat validators: document model, rules as profiles, reports.

``check(source, kind=None, lang=None, profile=None, pair=None) -> Report``
"""

from validators.engine import CheckOptions, check
from validators.errors import QujatError
from validators.report import Finding, Location, Report

__all__ = ["CheckOptions", "Finding", "Location", "QujatError", "Report", "check"]
