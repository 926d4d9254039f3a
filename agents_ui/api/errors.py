"""The one error hierarchy of the service module.

Every failure of an upstream call reaches the views as an `ApiError` subclass. `message` is
written for support staff (what happened, what to do); `detail` is the upstream's own words,
kept for the audit log and for engineers. Neither ever contains the API key.
"""

from __future__ import annotations

import re

__all__ = [
    "ApiError",
    "Conflict",
    "NotFound",
    "PermissionDenied",
    "RateLimited",
    "Unauthorized",
    "Unavailable",
    "Unreachable",
    "UpstreamError",
    "ValidationFailed",
]

# "name: must be at most 255 characters" or "tools[0].function.name: ..." -> the field path.
_LEADING_FIELD = re.compile(r"^\s*([A-Za-z_][\w.\[\]]*)\s*:\s+(.*)$", re.DOTALL)


class ApiError(Exception):
    """A call to the Agents API did not succeed."""

    default_message = (
        "The Agents API could not complete the request. Try again; if it keeps "
        "happening, tell the engineering team."
    )

    def __init__(
        self, message: str | None = None, *, status: int | None = None, detail: str = ""
    ) -> None:
        self.message = message or self.default_message
        self.status = status
        self.detail = detail
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, detail={self.detail!r})"


class ValidationFailed(ApiError):
    """400: the upstream rejected what was sent."""

    default_message = (
        "The Agents API did not accept the request. Check what was entered and try again."
    )

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = 400,
        detail: str = "",
        field: str | None = None,
    ) -> None:
        reason = detail
        match = _LEADING_FIELD.match(detail)
        if match:
            field = field or match.group(1)
            reason = match.group(2)
        # Support staff read "collection ids", not the wire name "collection_ids".
        self.field = field or None
        if message is None and reason:
            what = f"the {self.field.replace('_', ' ')}" if self.field else "the request"
            message = (
                f"The Agents API did not accept {what}: {reason.rstrip('.')}. "
                "Correct it and try again."
            )
        super().__init__(message, status=status, detail=detail)


class Unauthorized(ApiError):
    """401: the key is unknown, revoked or malformed."""

    default_message = (
        "The Agents API did not accept this team's API key. Ask an administrator to "
        "check or replace the key in the team settings."
    )


class PermissionDenied(ApiError):
    """403: the key is valid but may not manage agents."""

    default_message = (
        "This team's API key is not allowed to manage agents. Ask an administrator to "
        "give the key agent access, or to add a key that has it."
    )


class NotFound(ApiError):
    """404: the agent or number does not exist for this team (or no longer does)."""

    default_message = (
        "That agent or phone number no longer exists; someone may have deleted it. "
        "Reload the page to see the current list."
    )


class Conflict(ApiError):
    """409: the change clashes with the upstream's current state."""

    default_message = (
        "The change clashes with the current state of the agents and numbers; for "
        "example, the phone number is already assigned to another agent. Nothing was "
        "changed. Reload the page, check, and try again."
    )


class RateLimited(ApiError):
    """429: the upstream is limiting how many requests Switchboard may make for now.

    `retry_after` is how many seconds the upstream asked us to wait (from its Retry-After
    header), or None when it did not say.
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = 429,
        detail: str = "",
        retry_after: int | None = None,
    ) -> None:
        self.retry_after = retry_after
        if message is None:
            wait = "a little" if retry_after is None else f"about {_duration(retry_after)}"
            message = (
                "The Agents API is limiting how many requests Switchboard can make right now. "
                f"Wait {wait} and try again; nothing was changed."
            )
        super().__init__(message, status=status, detail=detail)


def _duration(seconds: int) -> str:
    """30 -> "30 seconds", 90 -> "2 minutes", 7200 -> "2 hours": as a person would say it."""
    seconds = max(1, seconds)
    if seconds < 60:
        amount, unit = seconds, "second"
    elif seconds < 3600:
        amount, unit = -(-seconds // 60), "minute"
    else:
        amount, unit = -(-seconds // 3600), "hour"
    return f"{amount} {unit}" if amount == 1 else f"{amount} {unit}s"


class UpstreamError(ApiError):
    """5xx, an unexpected status, or a body that could not be read."""

    default_message = (
        "The Agents API had a problem and did not complete the request. Wait a minute "
        "and try again; if it keeps happening, tell the engineering team."
    )


class Unavailable(ApiError):
    """No answer: a timeout or a failed connection."""

    default_message = (
        "The Agents API could not be reached or did not answer in time. If you were "
        "changing something, reload the page to check whether it was saved before "
        "trying again."
    )


class Unreachable(Unavailable):
    """The connection was never made: nothing reached the upstream, so nothing changed."""

    default_message = (
        "The Agents API could not be reached, so nothing was changed. Try again in a "
        "minute; if it keeps happening, tell the engineering team."
    )
