"""The API toolkit every app shares: one error shape and its handler, one pagination,
one field for times in the person's zone."""
