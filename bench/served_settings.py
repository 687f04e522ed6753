"""Settings for bench/bench_plan_tasks_api.py: the test settings plus the baseline view's URL."""

from config.settings_test import *  # noqa: F403

ROOT_URLCONF = "bench.baseline_urls"
