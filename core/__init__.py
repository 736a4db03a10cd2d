"""What every app uses and that knows nothing of the domain: plain SQL, the cache client, HTTP helpers, the
refused-action error. The bottom layer: it imports no app of the project (see ``[tool.importlinter]``)."""
