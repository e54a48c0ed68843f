"""Which connector class serves which kind of account.

Classes are named by module so that a channel's libraries (IMAPClient, matrix-nio...) load
only when an account of that kind exists. ``build.spec`` collects every module listed here.
"""

from __future__ import annotations

import importlib

from deskreply.connectors.base import AccountConfig, Connector, Emit

# kind -> "module:Class"
CONNECTORS: dict[str, str] = {
    "demo": "deskreply.connectors.demo:DemoConnector",
    "email": "deskreply.connectors.email.connector:EmailConnector",
    "matrix": "deskreply.connectors.matrix.connector:MatrixConnector",
    "telegram": "deskreply.connectors.telegram.connector:TelegramConnector",
}


class UnknownChannelError(ValueError):
    """An account names a kind of channel this version of DeskReply does not know."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"Unknown kind of channel {kind!r}; known: {', '.join(CONNECTORS)}")
        self.kind = kind


def connector_class(kind: str) -> type[Connector]:
    target = CONNECTORS.get(kind)
    if target is None:
        raise UnknownChannelError(kind)
    module_name, _, class_name = target.partition(":")
    cls: type[Connector] = getattr(importlib.import_module(module_name), class_name)
    return cls


def create_connector(account: AccountConfig, secret: str | None, emit: Emit,
                     cursor: str | None) -> Connector:
    return connector_class(account.kind)(account, secret, emit, cursor)
