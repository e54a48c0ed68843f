"""The chat database (Qt-free): SQLite with forward migrations, one Store per thread."""

from deskreply.store.errors import (
    CorruptDatabaseError,
    ForeignDatabaseError,
    NewerSchemaError,
    NotFoundError,
    StoreError,
    UnwritableDatabaseError,
)
from deskreply.store.inbox import Contact, InboxFilter, Label
from deskreply.store.rows import ConversationRow, MessageRow
from deskreply.store.store import Store

__all__ = [
    "Contact",
    "ConversationRow",
    "CorruptDatabaseError",
    "ForeignDatabaseError",
    "InboxFilter",
    "Label",
    "MessageRow",
    "NewerSchemaError",
    "NotFoundError",
    "Store",
    "StoreError",
    "UnwritableDatabaseError",
]
