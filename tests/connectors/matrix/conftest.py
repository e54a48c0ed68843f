"""The Matrix tests' real homeserver comes from tests/servers/synapse_plugin.py, which the
suite's conftest loads once (one Synapse per test run, shared with the GUI tests)."""
