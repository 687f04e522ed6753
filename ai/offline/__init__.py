"""A useful plan and honest coaching without any network: ``provider`` (the Provider),
``plan`` (the plan drafter: ``month`` its shape, ``areas`` goals to focus areas, ``sessions``
and ``generic`` the sessions with their targets, ``targets`` the arithmetic, ``wording`` and
``themes`` the words, ``quality`` its figures), ``goals`` (reading goals: ``sentences``,
``quantities``, ``units``; the kinds of goal are data in ``playbooks/``), ``coach`` (the
rule-based coach)."""
