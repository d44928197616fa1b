import flows.settings  # noqa: F401  (offline environment before Prefect is imported)

import pytest


@pytest.fixture(scope="session")
def prefect_api():
    """One temporary Prefect API server for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=240):
        yield


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """pytest-httpserver on the IPv4 loopback only (DESIGN.md: tests use loopback addresses)."""
    return ("127.0.0.1", 0)
