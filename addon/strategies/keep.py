"""keep: attend as planned. Always on the table; it writes nothing."""

from addon.i18n import msg
from addon.strategies.base import Strategy

STRATEGY = Strategy(id="keep", order=0, label=msg("Keep the meeting"))
