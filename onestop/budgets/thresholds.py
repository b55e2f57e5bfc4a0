"""Priority thresholds, as the Scottish Welfare Fund runs them: who a budget under pressure pays.

At "low" a budget pays every priority; at "medium", medium and high priority awards only; at
"high", high priority awards only. The automatic rule raises the threshold when committed
spending runs ahead of the monthly profile by more than the budget's two set percentages.
"""

from onestop.policy.vocabulary import Priority

RANK = {Priority.LOW: 0, Priority.MEDIUM: 1, Priority.HIGH: 2}


def admits(*, threshold: str, priority: str) -> bool:
    """Whether a budget at this threshold pays an award of this priority."""
    return RANK[Priority(priority)] >= RANK[Priority(threshold)]


def paying_description(threshold: str) -> str:
    """'paying only high priority awards', for pages and messages."""
    return {
        Priority.LOW: "paying awards of every priority",
        Priority.MEDIUM: "paying only medium and high priority awards",
        Priority.HIGH: "paying only high priority awards",
    }[Priority(threshold)]


def below_threshold_message(*, scheme_name: str, threshold: str, priority: str) -> str:
    """What a decision maker is told when an award's priority is below the budget's level."""
    return (
        f"The {scheme_name} budget is {paying_description(threshold)} at the moment, because "
        f"spending is ahead of plan. This application is {Priority(priority).label.lower()} "
        "priority. Refuse it with that reason, or leave it waiting until the priority level "
        "changes."
    )


def percent_ahead(*, planned_pence: int, committed_pence: int) -> int | None:
    """How far committed spending is ahead of plan, in whole per cent (negative when behind).

    None when nothing was planned yet: there is no percentage of nothing.
    """
    if planned_pence == 0:
        return None
    return (committed_pence - planned_pence) * 100 // planned_pence


def threshold_for_spending(
    *, planned_pence: int, committed_pence: int, medium_above: int, high_above: int
) -> Priority:
    """The threshold the spending calls for: high when more than `high_above` per cent ahead of
    plan, medium when more than `medium_above` per cent ahead, otherwise low.

    Compared in whole pence (committed * 100 against planned * (100 + percentage)), so no
    rounding can tip a budget over a line. Spending when nothing was planned yet is ahead by
    any percentage.
    """
    if committed_pence * 100 > planned_pence * (100 + high_above):
        return Priority.HIGH
    if committed_pence * 100 > planned_pence * (100 + medium_above):
        return Priority.MEDIUM
    return Priority.LOW


def higher(first: str, second: str) -> Priority:
    return max(Priority(first), Priority(second), key=RANK.__getitem__)
