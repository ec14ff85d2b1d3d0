"""The parts of the double that act like a new-api gateway: its mixed-vendor model list and the key's quota.

``GatewayDouble.act_as_new_api("new-api")`` lists GPT, Claude, Gemini and image models together, each with
``supported_endpoint_types`` exactly as new-api derives them from the channel type (``"new-api-untyped"``
leaves the field out, as gogogotoken's documented answer and older builds do). The Gemini route then answers
by the model's channel: Gemini channels natively, OpenAI-type channels through "conversion" (a scripted
answer), and Anthropic/AWS channels with 500 ``convert_request_failed``; a model outside the list gets 503
``model_not_found`` (no channel in the group).

``DemoKeyQuota`` describes the key for ``/api/usage/token/`` (301 on the path without its trailing slash) and
for the OpenAI-style billing routes ``/dashboard/billing/subscription`` and ``/dashboard/billing/usage``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from app.demo.scenario import JsonObject

Catalog: TypeAlias = Literal["gemini", "new-api", "new-api-untyped"]
"""Which model list the double serves: Google's families only, or new-api's mixed list (typed or not)."""

QuotaRoutes: TypeAlias = Literal["new-api", "billing", "none"]
"""Which quota routes exist: new-api's token usage and the billing routes, only the billing routes (one-api),
or neither (Google, most relays)."""

POINTS_PER_UNIT = 500_000
"""new-api's default quota points per display unit (one dollar)."""
UNLIMITED_BILLING = 100_000_000
"""What new-api's billing routes report for an unlimited key."""

_GEMINI = ("gemini", "openai")
_ANTHROPIC = ("anthropic", "openai")
_OPENAI = ("openai",)


@dataclass(frozen=True)
class VendorModel:
    """One entry of new-api's mixed list: id, channel type (``owned_by``) and endpoint types."""

    id: str
    owned_by: str
    endpoint_types: tuple[str, ...]


NEW_API_MODELS: tuple[VendorModel, ...] = (
    VendorModel("gpt-4o", "openai", _OPENAI),
    VendorModel("claude-sonnet-4-20250514", "anthropic", _ANTHROPIC),
    VendorModel("gemini-2.5-pro", "vertex-ai", _GEMINI),
    VendorModel("gpt-image-1", "openai", ("image-generation", "openai")),
    VendorModel("gemini-2.5-flash", "gemini", _GEMINI),
    VendorModel("gpt-4o-mini", "openai", _OPENAI),
    VendorModel("claude-3-5-haiku-20241022", "aws", _ANTHROPIC),
    VendorModel("gemini-2.5-flash-lite", "gemini", _GEMINI),
    VendorModel("gemini-2.5-flash-image", "vertex-ai", ("image-generation", "gemini", "openai")),
    VendorModel("deepseek-chat", "deepseek", _OPENAI),
    VendorModel("text-embedding-3-small", "openai", ("embeddings", "openai")),
    VendorModel("gemini-3-pro-preview", "vertex-ai", _GEMINI),
)


def channel_of(model: str, catalog: Catalog) -> tuple[str, ...] | None:
    """The endpoint types of the channel serving `model` in a new-api catalog (None: not in the list)."""
    if catalog == "gemini":
        return _GEMINI
    for entry in NEW_API_MODELS:
        if entry.id == model:
            return entry.endpoint_types
    return None


def openai_entry(entry: VendorModel, created: int, *, typed: bool) -> JsonObject:
    """One ``/v1/models`` entry in new-api's field order."""
    item: JsonObject = {"id": entry.id, "object": "model", "created": created, "owned_by": entry.owned_by}
    if typed:
        item["supported_endpoint_types"] = list(entry.endpoint_types)
    return item


@dataclass(frozen=True)
class DemoKeyQuota:
    """The key as new-api's quota routes describe it.

    Attributes:
        name: The key's name on the gateway.
        remaining: Quota points left (new-api's ``remain_quota``).
        used: Quota points used.
        unlimited: The key has no quota limit.
        expires_at: Expiry in seconds since the epoch, 0 for never.
    """

    name: str = "desk-demo"
    remaining: int = 6_150_000
    used: int = 3_850_000
    unlimited: bool = False
    expires_at: int = 0

    def token_usage(self) -> JsonObject:
        """new-api's ``GET /api/usage/token/`` answer."""
        return {
            "code": True,
            "message": "ok",
            "data": {
                "object": "token_usage",
                "name": self.name,
                "total_granted": self.remaining + self.used,
                "total_used": self.used,
                "total_available": self.remaining,
                "unlimited_quota": self.unlimited,
                "model_limits": {},
                "model_limits_enabled": False,
                "expires_at": self.expires_at,
            },
        }

    def subscription(self) -> JsonObject:
        """The OpenAI-style ``GET /dashboard/billing/subscription`` answer (display units)."""
        amount = (
            float(UNLIMITED_BILLING) if self.unlimited else (self.remaining + self.used) / POINTS_PER_UNIT
        )
        return {
            "object": "billing_subscription",
            "has_payment_method": True,
            "soft_limit_usd": amount,
            "hard_limit_usd": amount,
            "system_hard_limit_usd": amount,
            "access_until": self.expires_at,
        }

    def usage(self) -> JsonObject:
        """The OpenAI-style ``GET /dashboard/billing/usage`` answer (hundredths of a display unit)."""
        return {"object": "list", "total_usage": self.used / POINTS_PER_UNIT * 100}
