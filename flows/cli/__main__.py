"""`python -m flows.cli`: the `progress-warehouse` command line."""

from flows.cli.app import app

app()
