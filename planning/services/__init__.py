"""Planning writes, one module per concept: preferences, quota, context (models <->
provider and scheduler types), generation (the request side), generation_worker (the
worker side) and plan_tasks (changing single tasks). Import from the module itself."""
