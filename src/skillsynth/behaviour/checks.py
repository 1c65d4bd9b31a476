"""Score the behaviour cases in one batch and judge them against the thresholds of ``quality.behaviour``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from skillsynth.behaviour import cases
from skillsynth.contract import LEVELS, SKILLS, TELEMETRY_COLUMNS, concern_column, score_column
from skillsynth.generate.telemetry import SKILL_LOADINGS
from skillsynth.generate.templates import Style, contrast_pair
from skillsynth.model.metrics import rounded

Scorer = Callable[[pd.DataFrame], pd.DataFrame]  # sessions (text, grade, telemetry) -> <skill>_score columns
SCORES: tuple[str, ...] = tuple(score_column(skill) for skill in SKILLS)
DIRECTIONAL, MIN_FUNCTIONALITY, TELEMETRY = "directional", "min_functionality", "telemetry"
LOW_QUANTILE, HIGH_QUANTILE = 0.1, 0.9  # a telemetry signal moved from one to the other
ALL_SKILLS = "all"  # a directional test's cases of every skill together: what its threshold holds


@dataclass(frozen=True)
class Thresholds:
    """What the models must do to pass (``quality.behaviour``)."""

    invariance_max_p95: float = 0.03
    directional_min_pass_rate: float = 0.8
    min_functionality_min_accuracy: float = 0.85
    telemetry_min_pass_rate: float = 0.8


@dataclass(frozen=True)
class Results:
    """Every figure as a table, and a line for each threshold missed."""

    invariance: pd.DataFrame  # test, skill, cases, mean_abs_change, p95_abs_change
    directions: pd.DataFrame  # kind, test, skill, cases, pass_rate
    specificity: pd.DataFrame  # skill, cases, own_mean_rise, largest_other_mean_rise, other_skill, rose_most_share
    failures: list[str]

    def summary(self) -> dict[str, Any]:
        """The headline figures: the DVC metrics."""

        def worst(kind: str) -> float | None:
            all_skills = self.directions["skill"] == ALL_SKILLS
            held = (self.directions["kind"] == kind) & ((kind != DIRECTIONAL) | all_skills)
            rates = self.directions.loc[held, "pass_rate"].dropna()
            return rounded(rates.min()) if len(rates) else None

        off_topic = self.invariance.loc[self.invariance["test"] == "add_off_topic_sentence", "p95_abs_change"]
        return {
            "invariance_p95_max": rounded(self.invariance["p95_abs_change"].max()),
            "off_topic_p95_max": rounded(off_topic.max()) if len(off_topic) else None,
            "directional_pass_rate_min": worst(DIRECTIONAL),
            "min_functionality_accuracy_min": worst(MIN_FUNCTIONALITY),
            "telemetry_pass_rate_min": worst(TELEMETRY),
            "passed": not self.failures,
        }


def median_telemetry(population: pd.DataFrame) -> dict[str, float]:
    """Each telemetry field's median in ``population``: what the text tests hold every session at."""
    return {name: float(population[name].median()) for name in TELEMETRY_COLUMNS}


def telemetry_probe(skill: str) -> tuple[str, float]:
    """The telemetry signal most specific to ``skill`` in the simulator (its loading minus the largest
    other skill's), and the direction (+1 or -1) in which it shows more of the skill."""
    index = SKILLS.index(skill)

    def specificity(signal: str) -> float:
        loadings = np.abs(np.array(SKILL_LOADINGS[signal]))
        return loadings[index] - np.delete(loadings, index).max()

    signal = max(SKILL_LOADINGS, key=specificity)
    return signal, float(np.sign(SKILL_LOADINGS[signal][index]))


@dataclass
class _Batch:
    """Sessions to score in one call, each with its own telemetry."""

    telemetry: dict[str, float]
    texts: list[str] = field(default_factory=list)
    grades: list[int] = field(default_factory=list)
    changes: list[dict[str, float]] = field(default_factory=list)

    def add(self, text: str, grade: int, **telemetry: float) -> int:
        self.texts.append(text)
        self.grades.append(grade)
        self.changes.append(telemetry)
        return len(self.texts) - 1

    def frame(self) -> pd.DataFrame:
        table = pd.DataFrame({"text": self.texts, "grade": self.grades})
        for name, value in self.telemetry.items():
            table[name] = [change.get(name, value) for change in self.changes]
        return table


@dataclass(frozen=True)
class Plan:
    """Every case's row in the batch: invariance edits and the directional, pair and telemetry tests."""

    batch: _Batch
    edits: list[tuple[str, int, int]]  # (edit, row before, row after)
    directional: list[tuple[str, str, int, int]]  # (test, skill, row before, row after): the skill must rise
    falling: list[tuple[str, str, int, int]]  # (test, skill, row before, row after): the skill must fall
    negations: list[tuple[str, int, int, int]]  # (skill, row before, row said, row negated): opposite moves


def plan_cases(
    held_out: pd.DataFrame,
    population: pd.DataFrame,
    seed: int,
    cases_: int,
    directional_cases: int,
    style: Style = Style(),
) -> Plan:
    """Every case, built from ``held_out`` answers (text, grade, prompt skill) with telemetry held at the
    median of ``population``; deterministic in ``seed``.

    The invariance edits take ``cases_`` answers of any prompt. A skill's directional and telemetry
    cases take up to ``directional_cases`` answers to a prompt about that skill (a strong empathy move
    belongs in an answer about a friend's feelings), and as many generated contrast pairs; its
    unhelpful-move and negation cases take answers that voice no concern about it yet (``held_out``'s
    ``concerns_<skill>`` column, where it has one). The strong-move and negation cases, which expect a
    rise, take answers written below the top level (``held_out``'s ``level``, where it has one).
    """
    batch = _Batch(median_telemetry(population))
    rng = np.random.default_rng([seed, 0])
    chosen = np.sort(rng.permutation(len(held_out))[:cases_])
    rows: dict[int, int] = {}

    def row_of(answer: int) -> int:
        if answer not in rows:
            rows[answer] = batch.add(held_out["text"].iloc[answer], int(held_out["grade"].iloc[answer]))
        return rows[answer]

    edits = []
    for number, (name, edit) in enumerate(cases.INVARIANCE.items()):
        rng = np.random.default_rng([seed, 1, number])
        for answer in chosen.tolist():
            text, grade = held_out["text"].iloc[answer], int(held_out["grade"].iloc[answer])
            skill = held_out["skill"].iloc[answer]
            changed = edit(text, grade, skill, rng)
            if changed is not None and changed != text:
                edits.append((name, row_of(answer), batch.add(changed, grade)))
    rising, falling, negations = [], [], []
    for number, skill in enumerate(SKILLS):
        rng = np.random.default_rng([seed, 2, number])
        about = np.sort(rng.permutation(_about(held_out, skill))[:directional_cases]).tolist()
        # an unhelpful move is judged where it is the first: one more, after several, need not lower a score
        clean = _without_concerns(held_out, skill)
        # a rise is judged where the answer has room to rise: one more strong move in an answer already
        # at the top level need not raise its score (the rater scores the skill, not the count)
        growing = np.sort(
            rng.permutation(np.intersect1d(_about(held_out, skill), _below_top(held_out)))[:directional_cases]
        ).tolist()
        clean_growing = np.sort(
            rng.permutation(np.intersect1d(clean, _below_top(held_out)))[:directional_cases]
        ).tolist()
        clean = np.sort(rng.permutation(clean)[:directional_cases]).tolist()
        for answer in growing:
            text, grade, before = held_out["text"].iloc[answer], int(held_out["grade"].iloc[answer]), row_of(answer)
            rising.append(("add_strong_move", skill, before, batch.add(cases.add_strong_move(text, skill, rng), grade)))
        for answer in clean:
            text, grade, before = held_out["text"].iloc[answer], int(held_out["grade"].iloc[answer]), row_of(answer)
            unhelpful = batch.add(cases.add_unhelpful_move(text, skill, rng), grade)
            falling.append(("add_unhelpful_move", skill, before, unhelpful))
        for answer in clean_growing:
            text, grade, before = held_out["text"].iloc[answer], int(held_out["grade"].iloc[answer]), row_of(answer)
            said, negated = cases.add_negation_pair(text, skill, rng)
            negations.append((skill, before, batch.add(said, grade), batch.add(negated, grade)))
        for answer in about:
            grade = int(held_out["grade"].iloc[answer])
            high, low = contrast_pair(skill, grade, rng, style)
            rising.append(("pairs", skill, batch.add(low, grade), batch.add(high, grade)))
        signal, direction = telemetry_probe(skill)
        low_value, high_value = population[signal].quantile([LOW_QUANTILE, HIGH_QUANTILE]).tolist()
        if direction < 0:
            low_value, high_value = high_value, low_value
        test = f"raise {signal}" if direction > 0 else f"lower {signal}"
        for answer in about:
            text, grade = held_out["text"].iloc[answer], int(held_out["grade"].iloc[answer])
            low_case = batch.add(text, grade, **{signal: low_value})
            high_case = batch.add(text, grade, **{signal: high_value})
            rising.append((test, skill, low_case, high_case))
    return Plan(batch, edits, rising, falling, negations)


def _without_concerns(held_out: pd.DataFrame, skill: str) -> np.ndarray:
    """Rows of the answers to ``skill``'s prompt that voice no concern about it (all of them when the
    table does not say)."""
    about = (held_out["skill"] == skill).to_numpy().copy()
    column = concern_column(skill)
    if column in held_out:
        about &= (held_out[column] == 0).to_numpy()
    return np.flatnonzero(about)


def _about(held_out: pd.DataFrame, skill: str) -> np.ndarray:
    """Rows of the answers to ``skill``'s prompt."""
    return np.flatnonzero((held_out["skill"] == skill).to_numpy())


def _below_top(held_out: pd.DataFrame) -> np.ndarray:
    """Rows of the answers written below the top level (all of them when the table has no level)."""
    if "level" not in held_out:
        return np.arange(len(held_out))
    return np.flatnonzero((held_out["level"] != LEVELS[0]).to_numpy())


def _kind(test: str) -> str:
    if test == "pairs":
        return MIN_FUNCTIONALITY
    return TELEMETRY if test.startswith(("raise ", "lower ")) else DIRECTIONAL


def judge(plan: Plan, scores: np.ndarray, thresholds: Thresholds) -> Results:
    """The figures of every test from the batch's ``scores`` (rows x skills), and the thresholds missed."""
    invariance = []
    for name in cases.INVARIANCE:
        pairs = [(before, after) for edit, before, after in plan.edits if edit == name]
        afters, befores = [after for _, after in pairs], [before for before, _ in pairs]
        change = np.abs(scores[afters] - scores[befores]) if pairs else np.empty((0, len(SKILLS)))
        for index, skill in enumerate(SKILLS):
            invariance.append(
                {
                    "test": name,
                    "skill": skill,
                    "cases": len(pairs),
                    "mean_abs_change": rounded(change[:, index].mean()) if pairs else None,
                    "p95_abs_change": rounded(np.percentile(change[:, index], 95)) if pairs else None,
                }
            )
    outcomes: dict[tuple[str, str], list[bool]] = {}
    for rises, group in ((True, plan.directional), (False, plan.falling)):
        for test, skill, before, after in group:
            delta, index = scores[after] - scores[before], SKILLS.index(skill)
            if not rises:
                passed = delta[index] < 0
            elif _kind(test) == TELEMETRY:
                passed = delta[index] > 0 and delta[index] >= np.delete(delta, index).max()  # and no other rises more
            else:
                passed = delta[index] > 0
            outcomes.setdefault((test, skill), []).append(bool(passed))
    for skill, before, said, negated in plan.negations:
        index = SKILLS.index(skill)
        said_move = scores[said, index] - scores[before, index]
        negated_move = scores[negated, index] - scores[before, index]
        outcomes.setdefault(("negation", skill), []).append(bool(said_move < 0 < negated_move))
    pooled: dict[tuple[str, str], list[bool]] = {}
    for (test, _), results in outcomes.items():
        if _kind(test) == DIRECTIONAL:
            pooled.setdefault((test, ALL_SKILLS), []).extend(results)
    directions = pd.DataFrame(
        [
            {
                "kind": _kind(test),
                "test": test,
                "skill": skill,
                "cases": len(results),
                "pass_rate": rounded(np.mean(results)),
            }
            for (test, skill), results in {**outcomes, **pooled}.items()
        ]
    )
    invariance_table = pd.DataFrame(invariance)
    specificity = _specificity(plan, scores)
    failures = _failures(invariance_table, directions, specificity, thresholds)
    return Results(invariance_table, directions, specificity, failures)


def _specificity(plan: Plan, scores: np.ndarray) -> pd.DataFrame:
    """Per skill, over its strong-move cases: its mean rise against the largest mean rise of another skill,
    and how often it rose the most."""
    rows = []
    for index, skill in enumerate(SKILLS):
        cases_ = [
            (before, after) for test, s, before, after in plan.directional if test == "add_strong_move" and s == skill
        ]
        if not cases_:
            continue
        delta = np.array([scores[after] - scores[before] for before, after in cases_])
        others = np.delete(delta.mean(axis=0), index)
        other = [s for s in SKILLS if s != skill][int(others.argmax())]
        rows.append(
            {
                "skill": skill,
                "cases": len(cases_),
                "own_mean_rise": rounded(delta[:, index].mean()),
                "largest_other_mean_rise": rounded(others.max()),
                "other_skill": other,
                "rose_most_share": rounded(np.mean(delta[:, index] >= np.delete(delta, index, axis=1).max(axis=1))),
            }
        )
    return pd.DataFrame(rows)


def _failures(
    invariance: pd.DataFrame, directions: pd.DataFrame, specificity: pd.DataFrame, thresholds: Thresholds
) -> list[str]:
    lines = [
        f"FAILED behaviour: invariance {row.test}: {row.skill} p95 |change| {row.p95_abs_change:.3f} > "
        f"quality.behaviour.invariance_max_p95 {thresholds.invariance_max_p95} ({row.cases} cases)"
        for row in invariance.itertuples()
        if row.p95_abs_change is not None and row.p95_abs_change > thresholds.invariance_max_p95
    ]
    floors = {
        DIRECTIONAL: ("directional_min_pass_rate", thresholds.directional_min_pass_rate),
        MIN_FUNCTIONALITY: ("min_functionality_min_accuracy", thresholds.min_functionality_min_accuracy),
        TELEMETRY: ("telemetry_min_pass_rate", thresholds.telemetry_min_pass_rate),
    }
    for row in directions.itertuples():
        key, floor = floors[row.kind]
        if row.kind == DIRECTIONAL and row.skill != ALL_SKILLS:
            continue  # 100 cases of one skill measure it to about ±0.04: the gate holds each test's share over all
        if row.pass_rate < floor:
            lines.append(
                f"FAILED behaviour: {row.kind} {row.test}: {row.skill} right in {row.pass_rate:.2f} of "
                f"{row.cases} cases < quality.behaviour.{key} {floor}"
            )
    for row in specificity.itertuples():
        if row.own_mean_rise <= row.largest_other_mean_rise:
            lines.append(
                f"FAILED behaviour: directional add_strong_move: a strong {row.skill} move raises "
                f"{row.other_skill} by {row.largest_other_mean_rise:.4f} on average, {row.skill} only by "
                f"{row.own_mean_rise:.4f}: the {row.skill} model is not specific to its skill"
            )
    return lines


def run_checks(
    held_out: pd.DataFrame,
    population: pd.DataFrame,
    score: Scorer,
    seed: int,
    cases_: int,
    directional_cases: int,
    thresholds: Thresholds,
    style: Style = Style(),
) -> Results:
    """Build every case, score them in one batch with ``score``, and judge them."""
    plan = plan_cases(held_out, population, seed, cases_, directional_cases, style)
    scores = score(plan.batch.frame()).loc[:, list(SCORES)].to_numpy()
    return judge(plan, scores, thresholds)
