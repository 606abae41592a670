"""Catalogue filters (Python-like text) compiled into backend-neutral Ibis expressions.

Grammar: comparisons (== != < <= > >=) of a column with a constant, ``in`` / ``not in`` a list or tuple of
constants, ``and``, ``or``, ``not``, parentheses, ``true``/``false``, and bare flag columns. Unknown (NULL)
values never match ``==``, ``in``, ordering comparisons or a bare flag, and always match ``!=`` and ``not in``.
"""

import ast
from collections.abc import Callable, Mapping
from functools import reduce

import ibis
import ibis.expr.types as ir

from chiso.domain.errors import InvalidValue

Columns = Mapping[str, ir.Value]
Constant = str | int | float | bool | None
_ORDER: dict[type[ast.cmpop], Callable[[ir.Value, Constant], ir.BooleanValue]] = {
    ast.Lt: lambda c, v: c < v, ast.LtE: lambda c, v: c <= v,
    ast.Gt: lambda c, v: c > v, ast.GtE: lambda c, v: c >= v,
}


class FilterError(InvalidValue):
    pass


def names_in(text: str) -> set[str]:
    """Column names a filter refers to."""
    tree = _parse(text)
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id.lower() not in ("true", "false")}


def _parse(text: str) -> ast.expr:
    try:
        return ast.parse(text.strip(), mode="eval").body
    except SyntaxError as exc:
        raise FilterError("filter", text, f"a filter such as channel == 'online' ({exc.msg})") from None


def compile_filter(text: str, columns: Columns) -> ir.BooleanValue:
    """The Ibis boolean expression for ``text`` over ``columns``; never NULL."""
    return _Compiler(text, columns).visit(_parse(text))


class _Compiler:
    def __init__(self, text: str, columns: Columns) -> None:
        self.text = text
        self.columns = columns

    def fail(self, part: str, expected: str) -> FilterError:
        return FilterError(f"filter {self.text!r}", part, expected)

    def column(self, node: ast.expr) -> ir.Value:
        if not isinstance(node, ast.Name) or node.id not in self.columns:
            name = node.id if isinstance(node, ast.Name) else ast.unparse(node)
            raise self.fail(name, "a column: " + ", ".join(sorted(self.columns)))
        return self.columns[node.id]

    def constant(self, node: ast.expr) -> Constant:
        if isinstance(node, ast.Constant) and isinstance(node.value, str | int | float | bool | None):
            return node.value
        if isinstance(node, ast.Name) and node.id.lower() in ("true", "false"):
            return node.id.lower() == "true"
        raise self.fail(ast.unparse(node), "a constant: 'text', a number, true, false or None")

    def visit(self, node: ast.expr) -> ir.BooleanValue:
        if isinstance(node, ast.BoolOp):
            parts = [self.visit(v) for v in node.values]
            op: Callable[[ir.BooleanValue, ir.BooleanValue], ir.BooleanValue] = (
                (lambda a, b: a & b) if isinstance(node.op, ast.And) else (lambda a, b: a | b))
            return reduce(op, parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return ~self.visit(node.operand)
        if isinstance(node, ast.Compare):
            if len(node.ops) != 1:
                raise self.fail(ast.unparse(node), "one comparison at a time (use 'and')")
            return self.compare(node.left, node.ops[0], node.comparators[0])
        if isinstance(node, ast.Name) and node.id.lower() in ("true", "false"):
            return ibis.literal(node.id.lower() == "true")
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return ibis.literal(node.value)
        if isinstance(node, ast.Name):
            col = self.column(node)
            if not col.type().is_boolean():
                raise self.fail(node.id, "a yes/no column, or a comparison such as channel == 'online'")
            return col.fill_null(False)
        raise self.fail(ast.unparse(node), "a comparison, 'in', 'and', 'or', 'not' or a yes/no column")

    def compare(self, left: ast.expr, op: ast.cmpop, right: ast.expr) -> ir.BooleanValue:
        col = self.column(left)
        if isinstance(op, ast.In | ast.NotIn):
            if not isinstance(right, ast.List | ast.Tuple | ast.Set):
                raise self.fail(ast.unparse(right), "a list of constants, e.g. ('early', 'on_time')")
            values = [self.constant(v) for v in right.elts]
            hit = col.isin(values).fill_null(False)
            return ~hit if isinstance(op, ast.NotIn) else hit
        value = self.constant(right)
        if isinstance(op, ast.Eq | ast.Is):
            return col.isnull() if value is None else (col == value).fill_null(False)
        if isinstance(op, ast.NotEq | ast.IsNot):
            return col.notnull() if value is None else (col != value).fill_null(True)
        if type(op) in _ORDER and value is not None:
            return _ORDER[type(op)](col, value).fill_null(False)
        raise self.fail(ast.unparse(op) if hasattr(ast, "unparse") else str(op), "== != < <= > >= in 'not in'")
