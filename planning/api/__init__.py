"""Planning's REST API: preferences, plans (generation, requests, plans) and plan tasks.
Each module holds its views and their serializers; the URLs are in urls.py."""
