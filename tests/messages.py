"""The service client's plain-words messages, written out as support staff read them.

Expected values of the logic modules' tests: a module passes these on to the person, so a
test compares whole sentences, not fragments.
"""

from __future__ import annotations

HAD_A_PROBLEM = (
    "The Agents API had a problem and did not complete the request. Wait a minute and try "
    "again; if it keeps happening, tell the engineering team."
)
NOT_KNOWN = (
    "The Agents API did not answer in time or dropped the connection, so it is not known "
    "whether the change was saved. Reload the page to check before trying again."
)
NO_LONGER_EXISTS = (
    "That agent or phone number no longer exists; someone may have deleted it. Reload the "
    "page to see the current list."
)
NO_AGENT_ACCESS = (
    "This team's API key is not allowed to manage agents. Ask an administrator to give the "
    "key agent access, or to add a key that has it."
)
