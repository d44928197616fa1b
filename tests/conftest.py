"""Test-session settings applied before anything imports Prefect: flow runs, the temporary servers of command
tests and Prefect's SQLite database go to a folder of this session, never the user's ~/.prefect."""

import atexit
import os
import shutil
import tempfile

_HOME = tempfile.mkdtemp(prefix="progress-warehouse-prefect-")
os.environ["PREFECT_HOME"] = _HOME
os.environ.pop("PREFECT_API_URL", None)  # the tests start their own API; never a user's server
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
