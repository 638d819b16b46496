"""Derived-metric formulas: a tiny arithmetic language parsed by hand (never ``eval``).

Grammar::

    expr   := term (("+" | "-") term)*
    term   := factor (("*" | "/") factor)*
    factor := NUMBER | METRIC_ID | "(" expr ")" | "-" factor | "+" factor

Evaluation carries units: every metric value is a :class:`~draftkit.units.Quantity` in base
units with a dimension, so ``funding_income / students_total`` is money per person and
``teachers_master / teachers_fulltime`` is a plain ratio that the unit ``%`` turns into 46.23.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Union

from ..errors import DataError
from ..units import Quantity
from .model import sane

__all__ = ["Node", "Num", "Ref", "BinOp", "Neg", "parse_formula", "references", "evaluate", "MAX_DEPTH"]

MAX_DEPTH = 100  # nested parentheses and signs in one formula

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/()]))")


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Ref:
    name: str


@dataclass(frozen=True)
class Neg:
    operand: "Node"


@dataclass(frozen=True)
class BinOp:
    op: str
    left: "Node"
    right: "Node"


Node = Union[Num, Ref, Neg, BinOp]


def _tokenize(text: str, location: str | None, metric: str | None) -> list[str]:
    tokens: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            bad = text[pos:].strip()[:1]
            raise DataError(
                f"公式“{text}”含有不允许的字符“{bad}”（第 {pos + 1} 个字符）",
                location=location, metric=metric,
                hint="公式只能使用指标 id、数字、+ - * / 和括号，例如 teachers_master / teachers_fulltime。",
            )
        tokens.append(m.group(0).strip())
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, text: str, location: str | None, metric: str | None):
        self.text, self.location, self.metric = text, location, metric
        self.tokens = _tokenize(text, location, metric)
        self.i = 0
        self.depth = 0  # open parentheses and signs: bounded, so a hostile formula cannot exhaust the stack

    def fail(self, what: str) -> DataError:
        return DataError(f"公式“{self.text}”有语法错误：{what}", location=self.location, metric=self.metric,
                         hint="检查括号是否成对、运算符两边是否都有内容。")

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> str:
        tok = self.peek()
        if tok is None:
            raise self.fail("公式意外结束")
        self.i += 1
        return tok

    def parse(self) -> Node:
        if not self.tokens:
            raise self.fail("公式为空")
        node = self.expr()
        if self.peek() is not None:
            raise self.fail(f"多余的“{self.peek()}”")
        return node

    def expr(self) -> Node:
        node = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            node = BinOp(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.factor()
        while self.peek() in ("*", "/"):
            op = self.take()
            node = BinOp(op, node, self.factor())
        return node

    def factor(self) -> Node:
        tok = self.take()
        if tok in ("(", "-", "+"):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise DataError(f"公式的括号或正负号嵌套超过 {MAX_DEPTH} 层", location=self.location, metric=self.metric,
                                hint="把公式拆成几个中间指标（各写一个 formula），每个只嵌套几层括号。")
            try:
                if tok == "-":
                    return Neg(self.factor())
                if tok == "+":
                    return self.factor()
                node = self.expr()
                if self.peek() != ")":
                    raise self.fail("缺少右括号")
                self.take()
                return node
            finally:
                self.depth -= 1
        if tok[0].isdigit():
            value = float(tok)
            if not sane(value):
                raise DataError(f"公式“{self.text}”中的数 {tok} 超出合理范围（绝对值应不超过 10^15）",
                                location=self.location, metric=self.metric, hint="检查是否多写了数位或指数。")
            return Num(value)
        if tok[0].isalpha() or tok[0] == "_":
            return Ref(tok)
        raise self.fail(f"此处不应出现“{tok}”")


def parse_formula(text: str, *, location: str | None = None, metric: str | None = None) -> Node:
    """Parse a formula into a syntax tree; DataError with the location on bad syntax."""
    return _Parser(str(text), location, metric).parse()


def references(node: Node) -> list[str]:
    """Metric ids a formula uses, in order of first appearance (walked without recursion)."""
    out: dict[str, None] = {}
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Ref):
            out.setdefault(n.name)
        elif isinstance(n, Neg):
            stack.append(n.operand)
        elif isinstance(n, BinOp):
            stack.append(n.right)
            stack.append(n.left)
    return list(out)


def evaluate(node: Node, lookup: Callable[[str], Quantity], *, text: str = "", location: str | None = None,
             metric: str | None = None) -> Quantity:
    """Evaluate with units; + and - need equal dimensions, / by zero is a DataError.

    Post-order with an explicit stack: a chain of thousands of terms (``a + a + …``) is a deep
    left-leaning tree, which recursion could not walk."""
    values: list[Quantity] = []
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        n, ready = stack.pop()
        if isinstance(n, Num):
            values.append(Quantity(n.value, {}))
        elif isinstance(n, Ref):
            values.append(lookup(n.name))
        elif not ready:
            stack.append((n, True))
            if isinstance(n, Neg):
                stack.append((n.operand, False))
            else:
                stack.append((n.right, False))
                stack.append((n.left, False))
        elif isinstance(n, Neg):
            q = values.pop()
            values.append(Quantity(-q.base, q.dims))
        else:
            b = values.pop()
            a = values.pop()
            values.append(_apply(n.op, a, b, text, location, metric))
    return values[0]


def _apply(op: str, a: Quantity, b: Quantity, text: str, location: str | None, metric: str | None) -> Quantity:
    if op in "+-":
        if a.clean().dims != b.clean().dims:
            raise DataError(f"公式“{text}”把不同量纲的数相加减（{_dims_text(a)} 与 {_dims_text(b)}）",
                            location=location, metric=metric, hint="只有同类单位（如 元 与 万元）才能相加减。")
        return Quantity(a.base + b.base if op == "+" else a.base - b.base, a.clean().dims)
    dims = dict(a.dims)
    sign = 1 if op == "*" else -1
    for k, v in b.dims.items():
        dims[k] = dims.get(k, 0) + sign * v
    if op == "*":
        return Quantity(a.base * b.base, dims).clean()
    if b.base == 0:
        raise DataError(f"公式“{text}”除数为 0", location=location, metric=metric,
                        hint="检查作分母的指标数值是否填写正确。")
    return Quantity(a.base / b.base, dims).clean()


def _dims_text(q: Quantity) -> str:
    names = {"money": "金额", "area": "面积", "count": "数量"}
    parts = [f"{names.get(k, k)}^{v}" if v != 1 else names.get(k, k) for k, v in q.clean().dims.items()]
    return "×".join(parts) or "无量纲"
