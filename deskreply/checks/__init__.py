"""The checks engine (Qt-free): sensitive data, tone and emoji checks over one spaCy Doc."""

from deskreply.checks.engine import Checker
from deskreply.checks.report import Finding, Fix, Report
from deskreply.checks.request import CheckContext, CheckRequest, CheckSettings

__all__ = ["CheckContext", "CheckRequest", "CheckSettings", "Checker", "Finding", "Fix", "Report"]
