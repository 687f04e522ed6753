"""Parts of the scheduler; import the public API from planning.scheduler."""
