"""The validation engine: checks of what agencies report, as data-driven rules plus built-in checks.

Public API:
- `check_values(item=, values=, agency_label=None, previous=None)`: one row, pure and fast (used while typing);
- `check_submission(submission=, values=None)`: one submission, with required sections and outliers;
- `check_round(round_=)`: a whole round, with cross-row checks of the printed totals;
- `rules_check(item_spec)`: problems in a template item's rules (run when a template is loaded);
- `Finding`: one result; `as_dict()` is the `validate` contract (docs: round-export.md).
"""

from .expressions import Comparison, RuleSyntaxError, compile_rule
from .findings import Finding, Section, Severity
from .rounds import check_round, round_findings
from .submissions import check_submission
from .templates import required_sections, rules_check
from .values import check_values

__all__ = [
    "Comparison",
    "Finding",
    "RuleSyntaxError",
    "Section",
    "Severity",
    "check_round",
    "check_submission",
    "check_values",
    "compile_rule",
    "required_sections",
    "round_findings",
    "rules_check",
]
