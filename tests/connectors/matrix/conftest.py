"""The Matrix tests' real homeserver (session fixture) and helpers."""

from tests.servers.synapse_plugin import synapse

__all__ = ["synapse"]
