from tests.reporters.multitool import multitool  # noqa: F401 - a fixture for the SARIF tests
