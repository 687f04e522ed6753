"""Run as a separate process with DATABASE_URL pointing at a closed port: asks the site
for a few things and prints, as JSON, what each answered and how long it took."""

import json
import sys
import time

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()
token = sys.argv[1]
results = {}
for name, method, path, kwargs in [
    ("health", "get", "/health/", {}),
    ("api", "get", "/api/quota", {"HTTP_AUTHORIZATION": f"Bearer {token}"}),
    ("api_generate", "post", "/api/plans/generate", {"HTTP_AUTHORIZATION": f"Bearer {token}"}),
    ("page", "get", "/plan/generate/", {}),
]:
    client = Client(raise_request_exception=False)
    if name == "page":
        client.cookies["sessionid"] = "a" * 32  # a signed-in browser: its session lives in the database
    started = time.monotonic()
    response = getattr(client, method)(path, content_type="application/json", **kwargs)
    results[name] = {
        "status": response.status_code,
        "seconds": round(time.monotonic() - started, 2),
        "content_type": response["Content-Type"],
        "body": response.content.decode()[:500],
        "retry_after": response.get("Retry-After"),
    }
print(json.dumps(results))
