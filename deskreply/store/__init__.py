"""The chat database (Qt-free): SQLite with forward migrations, one Store per thread."""

from deskreply.store.errors import (
    CorruptDatabaseError,
    ForeignDatabaseError,
    NewerSchemaError,
    NotFoundError,
    StoreError,
    UnwritableDatabaseError,
)
from deskreply.store.rows import ConversationRow, MessageRow
from deskreply.store.store import Store

__all__ = [
    "ConversationRow",
    "CorruptDatabaseError",
    "ForeignDatabaseError",
    "MessageRow",
    "NewerSchemaError",
    "NotFoundError",
    "Store",
    "StoreError",
    "UnwritableDatabaseError",
]
