"""The `progress-warehouse` command line (`flows.cli.app`), the corpus evaluation it runs (`flows.cli.evaluate`)
and the progress display of long runs (`flows.cli.progress`). No Prefect at import: the commands import the flows
they start. `python -m flows.cli` runs the command line."""
