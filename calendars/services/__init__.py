"""Writes for calendar connections, one module an operation: connect, update, disconnect,
sync, and asking the worker to sync. (Nothing is imported here: tasks.py imports the sync
service, and the request modules import tasks.py.)"""
