# ruff: noqa: E501 -- the examples are kept exactly as the document prints them
"""The curl examples of agents-api.md, verbatim and in the order the document gives them."""

from __future__ import annotations

DOCUMENT_BASE_URL = "https://api.x.ai/v1"
DOCUMENT_AGENT_ID = "agent_abc123def456"
DOCUMENT_PHONE_NUMBER_ID = "phone_xyz789"

# Each ends with a newline so that a closing quote of the command cannot touch the literal's.
_VERBATIM = [
    r"""curl -X POST https://api.x.ai/v1/agents \
-H "Authorization: Bearer $XAI_API_KEY" \
-H "Content-Type: application/json" \
-d '{
"name": "Order Support",
"instructions": "You are a friendly order support agent. Help customers track their orders and process returns.",
"tools": [
{
"type": "function",
"function": {
"name": "lookup_order",
"description": "Look up order status by order ID",
"parameters": {
"type": "object",
"properties": {
"order_id": { "type": "string", "description": "The order ID" }
},
"required": ["order_id"]
}
}
},
{ "type": "web_search" }
],
"voice": {
"voice_id": "eve",
"vad_threshold": 0.5,
"vad_silence_duration_ms": 300
}
}'
""",
    r"""curl https://api.x.ai/v1/agents?limit=10 \
-H "Authorization: Bearer $XAI_API_KEY"
""",
    r"""curl https://api.x.ai/v1/agents/agent_abc123def456 \
-H "Authorization: Bearer $XAI_API_KEY"
""",
    r"""curl -X PATCH https://api.x.ai/v1/agents/agent_abc123def456 \
-H "Authorization: Bearer $XAI_API_KEY" \
-H "Content-Type: application/json" \
-d '{
"agent": {
"voice": { "voice_id": "leo", "vad_threshold": 0.7 }
},
"field_mask": { "paths": ["voice"] }
}'
""",
    r"""curl -X PATCH https://api.x.ai/v1/agents/agent_abc123def456 \
-H "Authorization: Bearer $XAI_API_KEY" \
-H "Content-Type: application/json" \
-d '{
"agent": {
"name": "Premium Support",
"instructions": "You are a premium support agent for VIP customers."
},
"field_mask": { "paths": ["name", "instructions"] }
}'
""",
    r"""curl -X PATCH https://api.x.ai/v1/agents/agent_abc123def456 \
-H "Authorization: Bearer $XAI_API_KEY" \
-H "Content-Type: application/json" \
-d '{
"agent": {},
"field_mask": { "paths": ["instructions"] }
}'
""",
    r"""curl -X PATCH https://api.x.ai/v1/agents/agent_abc123def456 \
-H "Authorization: Bearer $XAI_API_KEY" \
-H "Content-Type: application/json" \
-d '{
"agent": {
"name": "Order Support"
},
"field_mask": { "paths": ["name"] },
"phone_number_id": "phone_xyz789"
}'
""",
    r"""curl -X PATCH https://api.x.ai/v1/agents/agent_abc123def456 \
-H "Authorization: Bearer $XAI_API_KEY" \
-H "Content-Type: application/json" \
-d '{
"agent": {},
"field_mask": { "paths": ["name"] },
"phone_number_id": ""
}'
""",
    r"""curl -X DELETE https://api.x.ai/v1/agents/agent_abc123def456 \
-H "Authorization: Bearer $XAI_API_KEY"
""",
    r"""curl -X POST https://api.x.ai/v1/phone-numbers \
-H "Authorization: Bearer $XAI_API_KEY" \
-H "Content-Type: application/json" \
-d '{
"area_code": "415",
"name": "Sales Line",
"description": "Primary sales hotline"
}'
""",
    r"""curl https://api.x.ai/v1/phone-numbers \
-H "Authorization: Bearer $XAI_API_KEY"
""",
    r"""curl https://api.x.ai/v1/phone-numbers/phone_xyz789 \
-H "Authorization: Bearer $XAI_API_KEY"
""",
    r"""curl -X PATCH https://api.x.ai/v1/phone-numbers/phone_xyz789 \
-H "Authorization: Bearer $XAI_API_KEY" \
-H "Content-Type: application/json" \
-d '{
"name": "Support Line",
"description": "Customer support number",
"field_mask": { "paths": ["name", "description"] }
}'
""",
    r"""curl -X DELETE https://api.x.ai/v1/phone-numbers/phone_xyz789 \
-H "Authorization: Bearer $XAI_API_KEY"
""",
]
EXAMPLES: list[str] = [example.strip() for example in _VERBATIM]
