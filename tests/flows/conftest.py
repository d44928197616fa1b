import flows  # noqa: F401  (offline environment before Prefect is imported)

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


@pytest.fixture
def threaded_httpserver():
    """A pytest-httpserver that answers requests concurrently, so a deliberately slow URL (read-timeout tests)
    does not hold up the others; loopback only."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()
