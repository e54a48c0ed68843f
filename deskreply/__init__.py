"""DeskReply: a desktop inbox that checks every customer-service reply before it is sent."""

__version__ = "0.1.0"
