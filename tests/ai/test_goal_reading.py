"""Reading goals offline: sentences in any script, the kind of each goal, and the quantity
it names in the number formats of the languages Monthwise reads."""

import pytest

from ai.offline.goals import goal_phrases, read_goal, read_goals
from ai.offline.quantities import Quantity, goal_quantity, quantities_in
from ai.offline.sentences import sentences
from tests.ai.goal_texts import GOAL_TEXTS


@pytest.mark.parametrize(
    ("language", "text", "kind", "amount", "unit", "per"), GOAL_TEXTS, ids=[f"{g[0]}-{g[1]}" for g in GOAL_TEXTS]
)
def test_each_goal_text_gives_its_kind_and_the_quantity_it_names(language, text, kind, amount, unit, per):
    goal = read_goal(text)

    assert (goal.playbook.kind if goal.playbook else None) == kind
    expected = Quantity(amount, unit, per) if amount is not None else None
    assert goal.quantity == expected


def test_the_goal_set_holds_at_least_25_measurable_goals_in_at_least_5_languages():
    measurable = [entry for entry in GOAL_TEXTS if entry[3] is not None]

    assert len(measurable) >= 25
    assert len({entry[0] for entry in measurable}) >= 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("小説を2万字書く。毎日20ページ読む！走る？", ["小説を2万字書く", "毎日20ページ読む", "走る"]),
        ("३०० पन्ने पढ़ना। 5 गाने सीखना॥ ठीक?", ["३०० पन्ने पढ़ना", "5 गाने सीखना", "ठीक"]),
        ("قراءة ٣٠٠ صفحة؟ كتابة 10 مقالات", ["قراءة ٣٠٠ صفحة", "كتابة 10 مقالات"]),
        ("Write 20.000 words\nLose 1.5 kg", ["Write 20.000 words", "Lose 1.5 kg"]),
        ("- run 5 km\n* read 20 pages\n• save €50", ["run 5 km", "read 20 pages", "save €50"]),
        ("1. write a blog post\n2) call mum", ["write a blog post", "call mum"]),
        ("・本を読む\n・走る", ["本を読む", "走る"]),
    ],
)
def test_sentences_split_in_any_script_at_stops_line_breaks_and_bullets(text, expected):
    assert sentences(text) == expected


def test_a_sentence_splits_into_goals_only_where_each_part_reads_as_one():
    assert goal_phrases("Write 20,000 words and run a 10K") == ["write 20,000 words", "run a 10K"]
    assert goal_phrases("Read and summarise 3 books") == ["read and summarise 3 books"]
    assert goal_phrases("Escribir 20.000 palabras y correr una media maratón") == [
        "escribir 20.000 palabras",
        "correr una media maratón",
    ]


def test_key_phrases_are_never_cut_off():
    text = "Get promoted to senior engineer by leading the database migration project at work before the summer"

    assert goal_phrases(text) == [text[0].lower() + text[1:]]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("write 1,250 words", 1250),
        ("write 1.250 words", 1250),
        ("write 1 250 words", 1250),
        ("write 1\u202f250 words", 1250),
        ("write 1'250 words", 1250),
        ("write 10k words", 10000),
        ("write 2.5k words", 2500),
        ("escribir 20 mil palabras", 20000),
        ("2万字", 20000),
        ("２０ページ", 20),
        ("三冊", 3),
        ("३०० पन्ने", 300),
        ("٣٠٠ صفحة", 300),
        ("save ₹1,00,000", 100000),
        ("save $1,250.50", 1250.5),
        ("1,5 kg", 1.5),
        ("drei Bücher", 3),
        ("deux livres", 2),
        ("a book", 1),
    ],
)
def test_numbers_are_read_in_the_formats_people_write_them(text, amount):
    quantity = goal_quantity(text, frozenset({"fitness", "saving"}))

    assert quantity is not None and quantity.amount == amount


def test_a_time_limit_is_not_the_amount_of_a_goal():
    assert goal_quantity("run a half marathon in under 2 hours", frozenset({"running"})) == Quantity(21.1, "km")
    assert goal_quantity("run 10 km in under 60 minutes", frozenset({"running"})) == Quantity(10, "km")
    assert quantities_in("finish it within 3 hours") == []


def test_a_rate_holds_for_the_whole_month():
    pages, posts = (read_goal(text).quantity for text in ("read 20 pages a day", "write 3 blog posts a week"))

    assert (pages.month_amount(31), posts.month_amount(30)) == (620, 12)


def test_words_around_a_number_that_are_not_a_count_give_no_quantity():
    assert goal_quantity("read a few books") is None
    assert goal_quantity("pass the JLPT N3") is None
    assert goal_quantity("save 10k") is None  # a bare 10k: thousands of nothing named


def test_a_unit_word_that_depends_on_the_kind_of_goal_reads_by_it():
    assert read_goal("10キロ走る").quantity == Quantity(10, "km")
    assert read_goal("2キロ痩せる").quantity == Quantity(2, "kg")
    assert read_goal("lose 5 pounds").quantity == Quantity(5, "lb")
    assert read_goal("save 500 pounds").quantity == Quantity(500, "GBP")


def test_goals_are_read_in_the_persons_own_words_with_their_subject():
    goals = read_goals("Write 20,000 words of my novel. Learn 200 new Spanish words. Learn 5 songs on the guitar.")

    assert [(goal.text, goal.subject) for goal in goals] == [
        ("write 20,000 words of my novel", "your novel"),
        ("learn 200 new Spanish words", "Spanish"),
        ("learn 5 songs on the guitar", "guitar"),
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Run my Etsy shop", None),
        ("Run a 10K", "running"),
        ("Cook at home three times a week", None),
        ("Declutter 100 items from the house", "home"),
        ("Use a meditation app daily", None),
        ("Ship 5 features of my app", "coding"),
        ("Save time in the mornings", None),
        ("Save EUR 500", "saving"),
        ("Lose my fear of public speaking", None),
        ("Lose 2 kg", "fitness"),
    ],
)
def test_a_word_with_other_meanings_names_a_kind_only_with_a_quantity_of_it(text, kind):
    goal = read_goal(text)

    assert (goal.playbook.kind if goal.playbook else None) == kind
