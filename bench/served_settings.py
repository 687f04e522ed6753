"""Settings for bench/bench_plan_tasks_api.py: the test settings plus the baseline view's URL."""

from config.settings_test import *  # noqa: F403

ROOT_URLCONF = "bench.baseline_urls"

# The production throttles and rates (config/settings.py), not the test suite's lifted ones:
# the API is measured as deployed. The bench spreads its requests over several people so
# that none of them reaches the per-person rate.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {  # noqa: F405
    "anon": env.str("THROTTLE_ANON", default="60/min"),  # noqa: F405
    "user": env.str("THROTTLE_USER", default="600/min"),  # noqa: F405
    "auth": env.str("THROTTLE_AUTH", default="20/min"),  # noqa: F405
}
