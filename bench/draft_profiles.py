"""People and months for the offline drafter: goals of every kind Monthwise has a playbook
for, in seven languages, goals of no known kind, no goals at all, every complexity, a
packed week and a six-week month. Read by bench/bench_drafts.py and
tests/ai/test_offline_quality.py (which holds the figures to their thresholds).
"""

from __future__ import annotations

from dataclasses import dataclass

from ai.base import PlanContext

ROOMY = {1: 900, 2: 900, 3: 900, 4: 900, 5: 900}


@dataclass(frozen=True)
class DraftProfile:
    name: str
    context: PlanContext


def _context(
    goals: str,
    areas: tuple[str, ...],
    complexity: str = "Balanced",
    *,
    month: str = "2026-03",
    weeks: int = 5,
    working_days: int = 22,
    weekend: str = "Rest",
    free: dict[int, int] | None = None,
) -> PlanContext:
    return PlanContext(
        month=month,
        timezone="Europe/Paris",
        goals_text=goals,
        task_complexity=complexity,
        focus_areas=areas,
        weekend_preference=weekend,
        commitments=({"day": "mon", "start": "09:00", "end": "17:00", "label": "Work"},),
        working_days=working_days,
        weeks=weeks,
        free_minutes_by_week=ROOMY if free is None else free,
    )


PROFILES = (
    DraftProfile("novelist", _context("Write 20,000 words of my novel. Run twice a week.", ("Writing", "Health"))),
    DraftProfile("first-10k", _context("Get ready for a 10K run at the end of next month", ("Running",))),
    DraftProfile(
        "issue-example",
        _context(
            "I want to run a half marathon in under 2 hours. Ship the first version of my side project, "
            "and read 4 books.",
            ("Health", "Career", "Learning"),
        ),
    ),
    DraftProfile(
        "ambitious-four",
        _context(
            "Write 20,000 words of my novel, run a 10K, learn 200 new Spanish words and save EUR 500.",
            ("Writing", "Health", "Spanish", "Money"),
            "Ambitious",
            weekend="Work",
            working_days=31,
        ),
    ),
    DraftProfile("simple-reader", _context("Read 300 pages. Finish 2 books.", ("Reading",), "Simple")),
    DraftProfile("guitarist", _context("Learn 5 songs on the guitar", ("Music", "Health"))),
    DraftProfile("job-seeker", _context("Send 30 job applications and practise interviews every week", ("Career",))),
    DraftProfile("saver", _context("Save EUR 500. Declutter 100 items.", ("Money", "Home"))),
    DraftProfile(
        "exam",
        _context(
            "Do 200 practice questions for the JLPT N3. Read 12 chapters of the textbook.", ("Study",), "Ambitious"
        ),
    ),
    DraftProfile("side-project", _context("Ship 5 features of my app. Publish 3 blog posts.", ("Career", "Writing"))),
    DraftProfile("weight", _context("Lose 2 kg", ("Health",), "Simple")),
    DraftProfile(
        "spanish",
        _context(
            "Escribir 20.000 palabras de mi novela. Correr una media maratón. Ahorrar 500 €.",
            ("Escritura", "Salud", "Dinero"),
        ),
    ),
    DraftProfile(
        "german",
        _context("20.000 Wörter schreiben. Drei Bücher lesen. 2 kg abnehmen.", ("Schreiben", "Lesen", "Gesundheit")),
    ),
    DraftProfile(
        "french",
        _context(
            "Écrire 3 articles de blog. Courir 10 km. Lire 300 pages.", ("Écriture", "Sport", "Lecture"), "Simple"
        ),
    ),
    DraftProfile(
        "japanese", _context("小説を2万字書く。毎日20ページ読む。10キロ走る。", ("創作", "読書", "健康"), "Ambitious")
    ),
    DraftProfile("hindi", _context("३०० पन्ने पढ़ना। 5 गाने सीखना। ₹5,000 बचाना।", ("पढ़ाई", "संगीत", "पैसा"))),
    DraftProfile(
        "arabic", _context("قراءة ٣٠٠ صفحة. كتابة 10 مقالات. الجري 10 كم.", ("القراءة", "الكتابة", "الرياضة"))
    ),
    DraftProfile(
        "unknown-kinds",
        _context(
            "Organise my sister's wedding. Get promoted to senior engineer by leading the database migration "
            "project at work. Plant a vegetable garden.",
            ("Family", "Career", "Home"),
        ),
    ),
    DraftProfile("no-goals", _context("", ("Health", "Career", "Learning", "Relationships"), "Ambitious")),
    DraftProfile(
        "packed-week",
        _context("Write 20,000 words of my novel and run a 10K", ("Writing", "Health"), free={**ROOMY, 2: 150}),
    ),
    DraftProfile(
        "six-weeks",
        _context(
            "Read 12 chapters, learn 200 French words and run a half marathon",
            ("Learning", "Health"),
            "Ambitious",
            month="2026-08",
            weeks=6,
            working_days=21,
        ),
    ),
)
