"""What a cold instance loads, checked the way `bench/coldstart.py` measures it (a fresh
`functions/venv` interpreter run from `functions/`): the Stripe webhook's first request loads
billing's endpoints and not the stripe library, and the models it imports (bodies, answers, the
document models and events) do not build their validators before they are used."""

from __future__ import annotations

from bench.coldstart import WEBHOOK, loaded_modules

UNBUILT_MODELS = """
import teamkit.billing.endpoints
from pydantic import BaseModel

def subclasses(model):
    for subclass in model.__subclasses__():
        yield subclass
        yield from subclasses(subclass)

built = {
    f"{model.__module__}.{model.__qualname__}"
    for model in subclasses(BaseModel)
    if model.__module__.startswith("teamkit") and model.__pydantic_complete__
}
# The generic `RootModel[Any]` that `EventDocument` derives from is pydantic's to build.
assert built <= {"teamkit.events.RootModel[Any]"}, sorted(built)
"""


def test_the_webhooks_first_request_loads_billings_endpoints_and_not_the_stripe_library() -> None:
    loaded = loaded_modules(WEBHOOK)

    endpoint_modules = {name for name in loaded if name.endswith(".endpoints")}
    assert endpoint_modules == {"teamkit.endpoints", "teamkit.billing.endpoints"}
    assert "stripe" not in loaded


def test_importing_billings_endpoints_builds_none_of_the_models_they_import() -> None:
    loaded_modules(UNBUILT_MODELS)
