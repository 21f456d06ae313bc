"""A quiz's score (docs/regles.md, F2): a question is right when the answers ticked are exactly
its right answers (one for a single choice, all of them and only them for a multiple choice);
the score is the share of right questions, in whole percent rounded down; the quiz is passed at
the module's passing score or above."""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    right: frozenset[int]  # the questions answered right
    total: int
    score: int  # %
    passed: bool


def score(correct: Mapping[int, frozenset[int]], answers: Mapping[int, frozenset[int]], pass_score: int) -> Result:
    """`correct`: {question: its right choices}; `answers`: {question: the choices ticked}."""
    right = frozenset(
        question for question, choices in correct.items() if answers.get(question, frozenset()) == choices
    )
    total = len(correct)
    percent = 100 * len(right) // total if total else 100
    return Result(right, total, percent, percent >= pass_score)
