"""balorg: prepare the opening of an MSSanté organisational mailbox (BAL ORG)."""

__version__ = "0.1.0"
