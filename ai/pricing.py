"""What a call cost, from its token usage and a price table.

PRICES is a configurable table, not a source of truth: USD per one million input and
output tokens, the providers' public list prices as last checked by hand (standard tier,
no cached-input or batch discounts). Operators override or extend it through
``AI_PROVIDER["prices"]`` ({"model": ["in", "out"]}); check the provider's pricing page
before relying on the numbers for billing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from ai.base import Usage

PRICES: dict[str, tuple[Decimal, Decimal]] = {
    "gpt-4o-mini": (Decimal("0.15"), Decimal("0.60")),
    "gpt-4o": (Decimal("2.50"), Decimal("10.00")),
    "gpt-4.1-nano": (Decimal("0.10"), Decimal("0.40")),
    "gpt-4.1-mini": (Decimal("0.40"), Decimal("1.60")),
    "gpt-4.1": (Decimal("2.00"), Decimal("8.00")),
    "gpt-5-nano": (Decimal("0.05"), Decimal("0.40")),
    "gpt-5-mini": (Decimal("0.25"), Decimal("2.00")),
    "gpt-5": (Decimal("1.25"), Decimal("10.00")),
}

# Costs are stored in a (10, 6) decimal column.
COST_QUANTUM = Decimal("0.000001")
_PER_TOKENS = Decimal(1_000_000)
# Dated snapshots ("gpt-4o-mini-2024-07-18") are billed like their alias.
_SNAPSHOT_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}$")


def price_for(
    model: str, prices: Mapping[str, tuple[Decimal, Decimal]] | None = None
) -> tuple[Decimal, Decimal] | None:
    table = PRICES if prices is None else prices
    name = model.strip()
    if name in table:
        return table[name]
    alias = _SNAPSHOT_SUFFIX.sub("", name)
    return table.get(alias)


def cost_for(
    model: str,
    usage: Usage,
    prices: Mapping[str, tuple[Decimal, Decimal]] | None = None,
) -> Decimal:
    """USD for one call: in_tokens * in_price / 1e6 + out_tokens * out_price / 1e6, to 6 places.

    An unknown model costs Decimal("0"): self-hosted servers (Ollama, vLLM) are the usual
    reason a name is missing, and they bill nothing per token. Guessing a price would
    invent spending; the token counts are stored with every call, so the cost can be
    recomputed once the table knows the model.
    """
    price = price_for(model, prices)
    if price is None:
        return Decimal(0).quantize(COST_QUANTUM)
    input_price, output_price = price
    cost = (
        Decimal(usage.input_tokens) * input_price / _PER_TOKENS
        + Decimal(usage.output_tokens) * output_price / _PER_TOKENS
    )
    return cost.quantize(COST_QUANTUM, rounding=ROUND_HALF_UP)
