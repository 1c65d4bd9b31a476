"""`skillsynth serve`: check the models, bind the address, and run the service under uvicorn (N workers)."""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
import time
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from skillsynth.errors import SkillsynthError
from skillsynth.inference.service import build_app, load_models
from skillsynth.inference.settings import ServiceSettings

log = logging.getLogger(__name__)
FACTORY = "skillsynth.inference.service:create_app"
LOG_FORMAT = "%(asctime)s %(levelname)s %(message)s"


class AccessLine(logging.Filter):
    """Uvicorn's access records reduced to method, path (without the query string) and status: no
    client address, no query, never a body."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            _, method, full_path, _, status = record.args
            record.msg, record.args = "access: %s %s %s", (method, str(full_path).split("?", 1)[0], status)
        return True


def logging_config(level: str) -> dict[str, Any]:
    """The logging of every process of the service (uvicorn applies it in each worker): skillsynth and
    uvicorn at ``level``, access lines at INFO (on unless ``level`` is above INFO)."""
    handler = {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"access": {"()": AccessLine}},
        "formatters": {"plain": {"format": LOG_FORMAT, "datefmt": "%H:%M:%S"}},
        "handlers": {"default": handler, "access": {**handler, "filters": ["access"]}},
        "root": {"handlers": ["default"], "level": "WARNING"},
        "loggers": {
            "skillsynth": {"level": level},
            # one line per request is the access line; the feature counts are for files
            "skillsynth.features.linguistic": {"level": "DEBUG" if level == "DEBUG" else "WARNING"},
            "uvicorn": {"level": level, "handlers": ["default"], "propagate": False},
            "uvicorn.access": {"level": level, "handlers": ["access"], "propagate": False},
        },
    }


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` names is on this machine only (127.0.0.0/8, ::1)."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)}
    except socket.gaierror:
        return False
    # the addresses of AF_INET and AF_INET6 are text (an IPv6 one may end in "%scope")
    return bool(addresses) and all(
        ipaddress.ip_address(str(address).split("%")[0]).is_loopback for address in addresses
    )


def check_exposure(host: str, api_key: str | None, api_key_env: str, allow_unauthenticated: bool) -> None:
    """Refuse to serve children's words to a network without a key, unless told to."""
    if api_key or allow_unauthenticated or is_loopback(host):
        return
    raise SkillsynthError(
        f"--host {host}: listening beyond this machine needs an API key; set {api_key_env} "
        "(clients then send `Authorization: Bearer <key>`), or pass --allow-unauthenticated"
    )


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound, listening TCP socket, or one line saying why not."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        # proto must say TCP: asyncio turns Nagle off only on sockets that do, and with Nagle on,
        # every reply on a kept-alive connection waits ~40 ms for the client's delayed ACK.
        server = socket.socket(family, kind, proto or socket.IPPROTO_TCP)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(address)
        server.listen(2048)
    except OSError as error:
        raise SkillsynthError(f"{host}:{port}: cannot listen ({error.strerror or error})") from None
    return server


def run(settings: ServiceSettings, host: str, port: int, workers: int = 1, allow_unauthenticated: bool = False) -> int:
    """Check the models, then serve until stopped; the exit code of `skillsynth serve`. With several
    workers, each worker process builds the app with ``create_app`` from the same settings."""
    started = time.perf_counter()
    api_key = settings.api_key()
    check_exposure(host, api_key, settings.api_key_env, allow_unauthenticated)
    models = load_models(settings)  # every refusal (a tampered model, a bad limit) comes before listening
    limits = models.limits
    server_socket = listening_socket(host, port)
    bound_host, bound_port = server_socket.getsockname()[:2]
    shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
    options: dict[str, Any] = {
        "host": host,
        "port": bound_port,
        "log_config": logging_config(settings.log_level),
        "log_level": settings.log_level.lower(),
        "timeout_graceful_shutdown": 5,
    }
    if workers == 1:
        config = uvicorn.Config(build_app(models, api_key, settings.cors_origins), **options)
    else:
        del models  # each worker loads its own
        os.environ.update(settings.environment())  # what each worker's create_app() reads
        config = uvicorn.Config(FACTORY, factory=True, workers=workers, **options)
    log.info(
        "serve: models from %s checked in %.1f s (texts up to %d characters, %d sessions a request); API key %s; "
        "CORS %s; %d worker(s); listening on http://%s:%d (docs at /docs)",
        settings.models,
        time.perf_counter() - started,
        limits["max_text_chars"],
        limits["max_batch_sessions"],
        f"required ({settings.api_key_env})" if api_key else "not required",
        settings.cors_origins or "off",
        workers,
        shown_host,
        bound_port,
    )
    try:
        if workers == 1:
            uvicorn.Server(config).run(sockets=[server_socket])
        else:
            Multiprocess(config, sockets=[server_socket]).run()
    except KeyboardInterrupt:  # uvicorn stops gracefully on Ctrl-C, then passes the signal on
        pass
    log.info("serve: stopped")
    return 0
