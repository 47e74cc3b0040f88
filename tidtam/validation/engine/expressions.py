"""Safe evaluation of a template rule such as ``dpa_passed + dpa_failed <= dpa_submitted``.

A rule is data typed by whoever edits a form template, so it is never handed to ``eval``. It is parsed
with :mod:`ast` and only a tiny language is accepted: column keys, numeric constants, ``+ - * /``,
unary minus, parentheses and exactly one comparison (``<= < >= > == !=``) at the top. Everything else
(calls, attributes, subscripts, strings, booleans, ``and``/``or``, chained comparisons) is rejected
with a Thai message when the template is loaded.

Evaluation uses :class:`~decimal.Decimal` so that ``0.1 + 0.2 == 0.3`` holds as a person expects.
A missing value (None) or a division by zero makes the rule not applicable: it is skipped — unless the
rule can already be decided. For a rule that is a sum of terms (``a + b <= total``) over columns that
cannot be negative, a blank column can only push its side one way: when the filled values already break
the rule and every blank term would break it further, the rule is broken whatever is filled later
(outcomes 25 already exceed 20 submitted even while another outcome column is blank).
"""

import ast
import operator
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation
from functools import lru_cache

from django.utils.translation import gettext as _

# Long enough for any real rule; short enough that a hostile one cannot exhaust the parser.
MAX_EXPRESSION_LENGTH = 500

BINARY_OPERATORS: dict[type[ast.operator], tuple[str, int, Callable[[Decimal, Decimal], Decimal]]] = {
    # operator node: (symbol shown to people, precedence, function)
    ast.Add: ("+", 1, operator.add),
    ast.Sub: ("-", 1, operator.sub),
    ast.Mult: ("×", 2, operator.mul),
    ast.Div: ("÷", 2, operator.truediv),
}

COMPARISONS: dict[type[ast.cmpop], tuple[str, Callable[[Decimal, Decimal], bool]]] = {
    ast.LtE: ("<=", operator.le),
    ast.Lt: ("<", operator.lt),
    ast.GtE: (">=", operator.ge),
    ast.Gt: (">", operator.gt),
    ast.Eq: ("==", operator.eq),
    ast.NotEq: ("!=", operator.ne),
}


class RuleSyntaxError(ValueError):
    """A rule expression outside the allowed language. The message is Thai and names the problem."""


@dataclass(frozen=True)
class Comparison:
    """A checked rule expression: ``left <op> right``."""

    source: str
    left: ast.expr
    op: str
    right: ast.expr
    names: tuple[str, ...]  # column keys in order of first appearance

    def holds(
        self, values: Mapping[str, Decimal | None], nonnegative: Collection[str] | None = None
    ) -> bool | None:
        """True/False, or None when the rule is not applicable (a value missing, a division by zero).

        `nonnegative`: column keys whose values can never be negative (counts, amounts, percentages; the
        built-in checks flag a negative one). With them, a rule with blank values is False already when
        no value of the blank ones could make it hold (see `decided_false`)."""
        left = evaluate(self.left, values)
        right = evaluate(self.right, values)
        if left is None or right is None:
            if nonnegative and self.decided_false(values, nonnegative):
                return False
            return None
        return COMPARISON_FUNCTIONS[self.op](left, right)

    def decided_false(self, values: Mapping[str, Decimal | None], nonnegative: Collection[str]) -> bool:
        """True when the rule fails for every non-negative value of its blank columns.

        Only for a linear rule: sums and differences of columns and constants, columns multiplied by
        a non-negative constant. The rule is read as ``D op 0`` with ``D = left - right``; each blank
        column adds ``c × x`` to D with x >= 0. If the filled part of D already breaks the rule and every
        blank coefficient c points the same way (or is zero), no later value can repair it."""
        terms: dict[str, Decimal] = {}
        constant = Decimal(0)
        for side, sign in ((self.left, Decimal(1)), (self.right, Decimal(-1))):
            linear = _linear(side, sign)
            if linear is None:
                return False
            side_terms, side_constant = linear
            constant += side_constant
            for name, coefficient in side_terms.items():
                terms[name] = terms.get(name, Decimal(0)) + coefficient
        known = constant
        blank: list[Decimal] = []
        for name, coefficient in terms.items():
            value = values.get(name)
            if value is None:
                if name not in nonnegative:
                    return False  # a blank that may be negative can move D either way
                if coefficient != 0:
                    blank.append(coefficient)
            else:
                value = value if isinstance(value, Decimal) else Decimal(str(value))
                if value < 0 and name in nonnegative:
                    return False  # already wrong on its own (reported as such); do not pile on
                known += coefficient * value
        grows = all(c > 0 for c in blank)  # blanks can only raise D
        shrinks = all(c < 0 for c in blank)  # blanks can only lower D
        if self.op == "<=":
            return grows and known > 0
        if self.op == "<":
            return grows and known >= 0
        if self.op == ">=":
            return shrinks and known < 0
        if self.op == ">":
            return shrinks and known <= 0
        if self.op == "==":
            return (grows and known > 0) or (shrinks and known < 0)
        return False  # "!=": a blank can always make the sides differ


COMPARISON_FUNCTIONS = {symbol: fn for symbol, fn in COMPARISONS.values()}


def _describe(node: ast.AST) -> str:
    """A short Thai description of a construct that is not allowed."""
    if isinstance(node, ast.Call):
        return _("การเรียกฟังก์ชัน")
    if isinstance(node, ast.Attribute):
        return _("การอ้างถึงแอตทริบิวต์ (.)")
    if isinstance(node, ast.Subscript):
        return _("การอ้างถึงด้วย [ ]")
    if isinstance(node, ast.BoolOp):
        return _("and / or")
    if isinstance(node, ast.Constant):
        return _("ค่าคงที่ที่ไม่ใช่ตัวเลข (%(value)r)") % {"value": node.value}
    if isinstance(node, ast.BinOp):
        return _("ตัวดำเนินการ %(op)s") % {"op": type(node.op).__name__}
    if isinstance(node, ast.UnaryOp):
        return _("ตัวดำเนินการหน้าค่า %(op)s") % {"op": type(node.op).__name__}
    if isinstance(node, ast.Compare):
        return _("การเปรียบเทียบซ้อน")
    return type(node).__name__


def _check_operand(node: ast.AST, allowed_names: frozenset[str] | None, names: list[str]) -> None:
    """Accept only the arithmetic sub-language; collect the names used."""
    if isinstance(node, ast.Name):
        if allowed_names is not None and node.id not in allowed_names:
            raise RuleSyntaxError(
                _("ไม่มีคอลัมน์ชื่อ %(name)s ในตารางของข้อนี้ (ใช้ได้: %(allowed)s)")
                % {"name": node.id, "allowed": ", ".join(sorted(allowed_names)) or "-"}
            )
        if node.id not in names:
            names.append(node.id)
        return
    if isinstance(node, ast.Constant):
        # bool is an int subclass in Python: True must not pass as 1.
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise RuleSyntaxError(_("ใช้ไม่ได้ในเงื่อนไข: %(what)s") % {"what": _describe(node)})
        return
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY_OPERATORS:
        _check_operand(node.left, allowed_names, names)
        _check_operand(node.right, allowed_names, names)
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        _check_operand(node.operand, allowed_names, names)
        return
    raise RuleSyntaxError(_("ใช้ไม่ได้ในเงื่อนไข: %(what)s") % {"what": _describe(node)})


def compile_rule(expression: object, *, allowed_names: Iterable[str] | None = None) -> Comparison:
    """Parse and check one rule expression. Raises RuleSyntaxError (Thai message) when it is not allowed.

    `expression` is taken as read from a template (any YAML value): anything but text is rejected.
    `allowed_names` are the item's column keys; None skips the name check (names are then taken as is).
    """
    if not isinstance(expression, str) or not expression.strip():
        raise RuleSyntaxError(_("ไม่มีเงื่อนไข (expression) หรือเงื่อนไขว่างเปล่า"))
    if len(expression) > MAX_EXPRESSION_LENGTH:
        raise RuleSyntaxError(_("เงื่อนไขยาวเกิน %(limit)s ตัวอักษร") % {"limit": MAX_EXPRESSION_LENGTH})
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise RuleSyntaxError(_("เขียนเงื่อนไขไม่ถูกไวยากรณ์: %(expr)s") % {"expr": expression}) from exc
    body = tree.body
    if not isinstance(body, ast.Compare):
        raise RuleSyntaxError(_("เงื่อนไขต้องเป็นการเปรียบเทียบหนึ่งครั้ง (<=, <, >=, >, ==, !=) เช่น a + b <= c"))
    if len(body.ops) != 1:
        raise RuleSyntaxError(_("เงื่อนไขต้องมีการเปรียบเทียบเพียงครั้งเดียว (เขียนแยกเป็นหลายกฎแทน)"))
    op_type = type(body.ops[0])
    if op_type not in COMPARISONS:
        raise RuleSyntaxError(_("ใช้ได้เฉพาะการเปรียบเทียบ <=, <, >=, >, ==, !="))
    names: list[str] = []
    allowed = frozenset(allowed_names) if allowed_names is not None else None
    try:
        _check_operand(body.left, allowed, names)
        _check_operand(body.comparators[0], allowed, names)
    except RecursionError as exc:
        raise RuleSyntaxError(_("เงื่อนไขซ้อนกันลึกเกินไป")) from exc
    return Comparison(
        source=expression.strip(),
        left=body.left,
        op=COMPARISONS[op_type][0],
        right=body.comparators[0],
        names=tuple(names),
    )


@lru_cache(maxsize=1024)
def compile_cached(expression: str) -> Comparison:
    """compile_rule without the name check, memoised: rules are re-checked on every keystroke."""
    return compile_rule(expression)


def _linear(node: ast.expr, sign: Decimal) -> tuple[dict[str, Decimal], Decimal] | None:
    """`sign × node` as (coefficient by column key, constant), or None when it is not linear."""
    if isinstance(node, ast.Name):
        return {node.id: sign}, Decimal(0)
    if isinstance(node, ast.Constant):
        return {}, sign * Decimal(str(node.value))
    if isinstance(node, ast.UnaryOp):
        return _linear(node.operand, -sign)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
        left = _linear(node.left, sign)
        right = _linear(node.right, sign if isinstance(node.op, ast.Add) else -sign)
        if left is None or right is None:
            return None
        terms = dict(left[0])
        for name, coefficient in right[0].items():
            terms[name] = terms.get(name, Decimal(0)) + coefficient
        return terms, left[1] + right[1]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        # A column times a constant (2 × a, a × 2); anything else (a × b) is not linear.
        for factor, other in ((node.left, node.right), (node.right, node.left)):
            if isinstance(factor, ast.Constant):
                inner = _linear(other, sign * Decimal(str(factor.value)))
                return inner
        return None
    return None  # division: a blank divisor could make the rule not applicable at all


def evaluate(node: ast.expr, values: Mapping[str, Decimal | None]) -> Decimal | None:
    """Value of an already checked arithmetic node; None when a value is missing or undefined."""
    if isinstance(node, ast.Name):
        value = values.get(node.id)
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value))
    if isinstance(node, ast.UnaryOp):
        inner = evaluate(node.operand, values)
        return None if inner is None else -inner
    if isinstance(node, ast.BinOp):
        left = evaluate(node.left, values)
        right = evaluate(node.right, values)
        if left is None or right is None:
            return None
        try:
            return BINARY_OPERATORS[type(node.op)][2](left, right)
        except (DivisionByZero, InvalidOperation, ZeroDivisionError):
            return None
    raise RuleSyntaxError(_("ใช้ไม่ได้ในเงื่อนไข: %(what)s") % {"what": _describe(node)})


def render(
    node: ast.expr, describe_name: Callable[[str], str], parent_precedence: int = 0, right_side: bool = False
) -> str:
    """An arithmetic node as text for people, names shown through `describe_name` (e.g. "ผ่านเกณฑ์ 1")."""
    if isinstance(node, ast.Name):
        return describe_name(node.id)
    if isinstance(node, ast.Constant):
        return format_decimal(Decimal(str(node.value)))
    if isinstance(node, ast.UnaryOp):
        return "-" + render(node.operand, describe_name, 3)
    if isinstance(node, ast.BinOp):
        symbol, precedence, _fn = BINARY_OPERATORS[type(node.op)]
        text = (
            f"{render(node.left, describe_name, precedence)} {symbol} "
            f"{render(node.right, describe_name, precedence, right_side=True)}"
        )
        # Parentheses only where the reading would change without them.
        if precedence < parent_precedence or (right_side and precedence == parent_precedence):
            return f"({text})"
        return text
    return ast.unparse(node)


def format_decimal(value: Decimal | int | float | None, places: int | None = None) -> str:
    """A number as people read it in a message: 5,558 · 88.92 · 97.01 (Arabic digits, as in the report).

    Whole numbers show no decimals; others at most four, trailing zeros dropped, unless `places` is given.
    """
    if value is None:
        return "-"
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if places is not None:
        return f"{d.quantize(Decimal(1).scaleb(-places)):,}" if places > 0 else f"{d.quantize(Decimal(1)):,}"
    if d == d.to_integral_value():
        return f"{d.quantize(Decimal(1)):,}"
    d = d.quantize(Decimal("0.0001")).normalize()
    return f"{d:,f}"


def decimal_places(value: Decimal) -> int:
    """How many decimals a number was written with (194.02 → 2; 27 → 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
