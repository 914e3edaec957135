"""`ecrime match-eval`: precision and recall of person matching on a generated labelled set."""

from __future__ import annotations

import argparse

from db.match_eval import evaluate, report
from db.matching import MATCH_THRESHOLD


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "match-eval", help="measure person matching on generated same/different-person pairs"
    )
    parser.add_argument("--pairs", type=int, default=2000, help="how many pairs (at least 1000)")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--threshold", type=float, default=MATCH_THRESHOLD)
    parser.add_argument("--errors", type=int, default=0, help="show this many misclassified pairs")


def run(args: argparse.Namespace) -> int:
    evaluation = evaluate(args.pairs, args.seed)
    for line in report(evaluation, args.threshold):
        print(line)
    for value, pair in evaluation.errors(args.threshold)[: args.errors]:
        print(f"{value:.3f} {pair.kind}\n  {pair.a}\n  {pair.b}")
    return 0 if evaluation.at(args.threshold).meets_target else 1
