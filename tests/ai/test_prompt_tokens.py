"""Prompt tokens per plan stay at or below the previous prompt's, counted with the same real
tokenizer (o200k_base, from bpe-openai) and contexts as bench/bench_prompt_tokens.py."""

import importlib.util
from pathlib import Path

import pytest

from ai.prompts import plan_messages
from ai.schemas import plan_draft_response_format

_BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_prompt_tokens.py"
_spec = importlib.util.spec_from_file_location("bench_prompt_tokens", _BENCH)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def test_the_tokenizer_is_gpt_4o_minis_own():
    # Fixed points of o200k_base: a different encoding would count differently.
    assert bench.encoding().encode("hello world") == [24912, 2375]
    assert bench.tokens("Write 1,250 words of chapter 3 (5,000 of 20,000)") == 20


@pytest.mark.parametrize("name", list(bench.CONTEXTS))
def test_a_plan_prompt_takes_no_more_tokens_than_the_previous_one(name):
    context = bench.CONTEXTS[name]()

    now = bench.request_tokens(plan_messages(context), plan_draft_response_format())

    assert now <= bench.CEILINGS[name], f"{name}: {now} tokens, the previous prompt took {bench.CEILINGS[name]}"


def test_insights_are_given_in_a_few_sentences_not_as_their_stored_values():
    without = bench.CONTEXTS["without insights"]()
    learned = bench.CONTEXTS["with insights"]()

    added = bench.request_tokens(plan_messages(learned)) - bench.request_tokens(plan_messages(without))

    assert 0 < added <= 300
    assert "You finish most of what you start between 08:00 and 11:00" in plan_messages(learned)[1]["content"]
