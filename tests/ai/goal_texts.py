"""Goal texts as people write them, in seven languages, with what the offline drafter must
read out of each: its kind of goal (playbook) and the quantity it names.

Each entry: (language, goal text, kind, amount, unit, per). `kind` None is a goal of no
known kind; `amount` None is a goal without a quantity. tests/ai/test_goal_reading.py
checks every one.
"""

GOAL_TEXTS: list[tuple[str, str, str | None, float | None, str | None, str]] = [
    # English
    ("en", "Write 20,000 words of my novel", "writing", 20000, "word", ""),
    ("en", "Get ready for a 10K run at the end of next month", "running", 10, "km", ""),
    ("en", "Run a half marathon in under 2 hours", "running", 21.1, "km", ""),
    ("en", "Learn 5 songs on the guitar", "instrument", 5, "song", ""),
    ("en", "Read 12 chapters of the textbook", "reading", 12, "chapter", ""),
    ("en", "Read 300 pages", "reading", 300, "page", ""),
    ("en", "Lose 2 kg", "fitness", 2, "kg", ""),
    ("en", "Save EUR 500", "saving", 500, "EUR", ""),
    ("en", "Send 30 job applications", "job_search", 30, "application", ""),
    ("en", "Publish 3 blog posts", "writing", 3, "post", ""),
    ("en", "Learn 200 new Spanish words", "language", 200, "word", ""),
    ("en", "Do 200 practice questions for the JLPT N3", "exam", 200, "problem", ""),
    ("en", "Declutter 100 items", "home", 100, "item", ""),
    ("en", "Ship 5 features of my app", "coding", 5, "feature", ""),
    ("en", "Read 20 pages a day", "reading", 20, "page", "day"),
    ("en", "Write 10k words", "writing", 10000, "word", ""),
    ("en", "Save $1,250.50", "saving", 1250.5, "USD", ""),
    ("en", "Organise my sister's wedding", None, None, None, ""),
    ("en", "Learn Spanish", "language", None, None, ""),
    # Spanish
    ("es", "Escribir 20.000 palabras de mi novela", "writing", 20000, "word", ""),
    ("es", "Correr una media maratón", "running", 21.1, "km", ""),
    ("es", "Leer 300 páginas", "reading", 300, "page", ""),
    ("es", "Ahorrar 500 €", "saving", 500, "EUR", ""),
    ("es", "Enviar 30 solicitudes de empleo", "job_search", 30, "application", ""),
    ("es", "Escribir 20 mil palabras", "writing", 20000, "word", ""),
    # German
    ("de", "20.000 Wörter schreiben", "writing", 20000, "word", ""),
    ("de", "Drei Bücher lesen", "reading", 3, "book", ""),
    ("de", "1,5 kg abnehmen", "fitness", 1.5, "kg", ""),
    ("de", "10 km laufen", "running", 10, "km", ""),
    ("de", "5 Lieder auf der Gitarre lernen", "instrument", 5, "song", ""),
    # French
    ("fr", "Écrire 20 000 mots", "writing", 20000, "word", ""),
    ("fr", "Courir un semi-marathon", "running", 21.1, "km", ""),
    ("fr", "Lire 12 chapitres", "reading", 12, "chapter", ""),
    ("fr", "Écrire 3 articles de blog", "writing", 3, "post", ""),
    ("fr", "Économiser 500 euros", "saving", 500, "EUR", ""),
    # Japanese
    ("ja", "小説を2万字書く", "writing", 20000, "character", ""),
    ("ja", "毎日20ページ読む", "reading", 20, "page", "day"),
    ("ja", "ギターで5曲覚える", "instrument", 5, "song", ""),
    ("ja", "10キロ走る", "running", 10, "km", ""),
    ("ja", "2キロ痩せる", "fitness", 2, "kg", ""),
    ("ja", "本を３冊読む", "reading", 3, "book", ""),
    ("ja", "スペイン語の単語を200語覚える", "language", 200, "word", ""),
    # Hindi
    ("hi", "३०० पन्ने पढ़ना", "reading", 300, "page", ""),
    ("hi", "5 गाने सीखना", "instrument", 5, "song", ""),
    ("hi", "₹5,000 बचाना", "saving", 5000, "INR", ""),
    ("hi", "30 आवेदन भेजना", "job_search", 30, "application", ""),
    ("hi", "हाफ मैराथन दौड़ना", "running", 21.1, "km", ""),
    # Arabic
    ("ar", "قراءة ٣٠٠ صفحة", "reading", 300, "page", ""),
    ("ar", "كتابة 10 مقالات", "writing", 10, "post", ""),
    ("ar", "توفير 500 دولار", "saving", 500, "USD", ""),
    ("ar", "الجري 10 كم", "running", 10, "km", ""),
    ("ar", "حفظ 200 كلمة جديدة باللغة الإسبانية", "language", 200, "word", ""),
]
