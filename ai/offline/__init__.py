"""A useful plan and honest coaching without any network: ``provider`` (the Provider),
``plan`` (the plan drafter), ``coach`` (the rule-based coach), ``goals`` (reading goals)."""
