"""No index repeats another: an index whose columns are a left prefix of another index
(or of a unique constraint) only slows writes, and Django's own foreign-key index is
dropped where a composite index already starts with that column."""

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db

APPS = ("planning", "insights", "coaching", "calendars")


def _indexes(table: str) -> dict[str, tuple[tuple[str, ...], bool]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {
        name: (tuple(info["columns"]), bool(info["unique"] or info["primary_key"]))
        for name, info in constraints.items()
        if (info["index"] or info["unique"] or info["primary_key"])
        and info["columns"]
        # PostgreSQL's varchar_pattern_ops twin of a text index serves LIKE, not equality.
        and not name.endswith("_like")
    }


def test_no_index_is_a_left_prefix_of_another_index():
    repeated = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            indexes = _indexes(model._meta.db_table)
            for name, (columns, unique) in indexes.items():
                if unique:
                    continue  # a unique constraint says something an index does not
                for other, (other_columns, _) in indexes.items():
                    if (
                        other != name
                        and other_columns[: len(columns)] == columns
                        and (len(other_columns) > len(columns) or other < name)
                    ):
                        repeated.append(f"{model._meta.db_table}.{name} {columns} <= {other} {other_columns}")
                        break
    assert not repeated, "\n".join(repeated)
