"""How the service runs: its settings from `skillsynth serve` flags or SKILLSYNTH_* environment variables."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from skillsynth.config import ENV_VAR_PATTERN, describe_validation_error
from skillsynth.errors import SkillsynthError

ENV_PREFIX = "SKILLSYNTH_"
log = logging.getLogger(__name__)
LogLevel = Annotated[
    Literal["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"],
    BeforeValidator(lambda level: level.upper() if isinstance(level, str) else level),
]


class ServiceSettings(BaseSettings):
    """Everything the service needs besides the models folder's own registry. Each field is also read
    from ``SKILLSYNTH_<FIELD>`` (e.g. ``SKILLSYNTH_MODELS``); a flag of `skillsynth serve` wins."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", frozen=True)

    models: Path = Field(Path("models"), description="The models folder, with model_registry.json.")
    max_text_chars: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Longest text accepted; default: the registry's (serve.max_text_chars when trained)."
    )
    max_batch_sessions: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Most sessions in one request; default: the registry's."
    )
    api_key_env: Annotated[str, Field(pattern=ENV_VAR_PATTERN)] = Field(
        "SKILLSYNTH_API_KEY", description="The environment variable holding the API key; unset or empty = no key."
    )
    cors_origins: list[str] = Field(
        [],
        description='Origins allowed to call from a browser, as a JSON list, e.g. ["https://app.example"]; '
        "none by default (CORS off).",
    )
    log_level: LogLevel = Field("INFO", description="Log level of skillsynth and uvicorn; access lines are INFO.")

    def limit_overrides(self) -> dict[str, int | None]:
        """The limits given here, which take precedence over the registry's."""
        return {"max_text_chars": self.max_text_chars, "max_batch_sessions": self.max_batch_sessions}

    def api_key(self) -> str | None:
        """The API key, read from the variable ``api_key_env`` names (never stored in the settings)."""
        key = os.environ.get(self.api_key_env, "")
        if os.environ.get(self.api_key_env) == "":
            log.warning("serve: %s is set but empty, so no key is required", self.api_key_env)
        return key or None

    def environment(self) -> dict[str, str]:
        """These settings as SKILLSYNTH_* variables, for worker processes that read them back."""
        values = self.model_dump(mode="json")
        values["models"] = str(self.models.resolve())
        return {
            f"{ENV_PREFIX}{name.upper()}": value if isinstance(value, str) else json.dumps(value)
            for name, value in values.items()
            if value is not None
        }


def service_settings(**given: Any) -> ServiceSettings:
    """Settings from flags (``given``, None = not given) over SKILLSYNTH_* variables, or one clear line."""
    try:
        return ServiceSettings(**{name: value for name, value in given.items() if value is not None})
    except ValidationError as error:
        where = f"serve settings (flags or {ENV_PREFIX}* variables)"
        raise SkillsynthError(describe_validation_error(error, where)) from None
    except SettingsError as error:  # a variable that is not the JSON its field needs
        raise SkillsynthError(f"serve settings: {' '.join(str(error).split())}") from None
