"""Whose jurisdiction an offence is recorded under: the recording ministry.

A partner ministry's officer records under their own ministry, and an offence they record
names it by default; naming another ministry needs the policy's ``record_for_ministry`` on
``offence`` (the default policy grants it to police specialists, who log offences found under
any ministry's jurisdiction, as they always have). Accounts without a ministry are police: the
Interior Ministry's.
"""

from __future__ import annotations

from policies.authorize import allowed
from policies.principal import Principal

HOME_MINISTRY = "MOI"  # the Interior Ministry, whose police run the system
RECORD_FOR_MINISTRY = "record_for_ministry"


def own_ministry(principal: Principal) -> str:
    return principal.ministry_code or HOME_MINISTRY


def may_record_for(principal: Principal, ministry_code: str) -> bool:
    return ministry_code == own_ministry(principal) or allowed(
        principal, RECORD_FOR_MINISTRY, "offence"
    )
