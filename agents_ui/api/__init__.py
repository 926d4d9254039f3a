"""The service module for the Agents API: views import everything from here.

from agents_ui import api

agents = api.agent_list(key)          # ListResult[Agent]
try:
    api.agent_update(key, agent_id, {"instructions": None})
except api.ApiError as error:
    form.add_error(getattr(error, "field", None), error.message)
"""

from __future__ import annotations

from .client import Meanwhile, reset_client, run_concurrently
from .errors import (
    ApiError,
    Conflict,
    NotFound,
    PermissionDenied,
    RateLimited,
    Unauthorized,
    Unavailable,
    Unreachable,
    UpstreamError,
    ValidationFailed,
)
from .services import (
    AGENT_FIELDS,
    MAX_LIST_LIMIT,
    PHONE_NUMBER_FIELDS,
    agent_assign_phone_number,
    agent_create,
    agent_delete,
    agent_get,
    agent_list,
    agent_list_summaries,
    agent_update,
    phone_number_get,
    phone_number_list,
    phone_number_purchase,
    phone_number_release,
    phone_number_update,
)
from .types import (
    BUILT_IN_VOICES,
    TOOL_TYPES,
    Agent,
    AgentSummary,
    ListResult,
    PhoneNumber,
    Tool,
    Voice,
)

__all__ = [
    "AGENT_FIELDS",
    "BUILT_IN_VOICES",
    "MAX_LIST_LIMIT",
    "PHONE_NUMBER_FIELDS",
    "TOOL_TYPES",
    "Agent",
    "AgentSummary",
    "ApiError",
    "Conflict",
    "ListResult",
    "Meanwhile",
    "NotFound",
    "PermissionDenied",
    "PhoneNumber",
    "RateLimited",
    "Tool",
    "Unauthorized",
    "Unavailable",
    "Unreachable",
    "UpstreamError",
    "ValidationFailed",
    "Voice",
    "agent_assign_phone_number",
    "agent_create",
    "agent_delete",
    "agent_get",
    "agent_list",
    "agent_list_summaries",
    "agent_update",
    "phone_number_get",
    "phone_number_list",
    "phone_number_purchase",
    "phone_number_release",
    "phone_number_update",
    "reset_client",
    "run_concurrently",
]
