"""Optional HTTP basic auth for a shared deployment: a WSGI middleware in front of every route.

The password is never configured, only its hash (`strikes hash-password`, werkzeug's scrypt). The user
name is compared in constant time and the hash is checked even when the name is wrong, so the timing of
a refusal says nothing about which part was wrong. A verified Authorization header is remembered by its
SHA-256 digest, so a browser's every request does not pay for scrypt again; a wrong one never is.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from werkzeug.security import check_password_hash, generate_password_hash

__all__ = ["BasicAuth", "Credentials", "credentials", "hash_password", "AuthConfigError", "REALM"]

REALM = "strikes"
HASH_METHODS = ("scrypt", "pbkdf2")
REMEMBERED = 256  # verified Authorization headers kept (by digest)
CHECKS_AT_ONCE = 2  # scrypt needs 32 MiB per check: a flood of wrong passwords must not exhaust memory


class AuthConfigError(ValueError):
    """Basic-auth settings that cannot be used (half set, or a password where its hash belongs)."""


@dataclass(frozen=True)
class Credentials:
    """The one user allowed in, and the hash of its password."""

    user: str
    password_hash: str = field(repr=False)


def hash_password(password: str) -> str:
    """The hash to put in STRIKES_AUTH_PASSWORD_HASH (scrypt with a random salt)."""
    return generate_password_hash(password, method="scrypt")


def credentials(settings: dict) -> Credentials | None:
    """The basic-auth credentials the settings ask for, None when auth is off; AuthConfigError when unusable."""
    user, hashed = settings.get("auth_user") or "", settings.get("auth_password_hash") or ""
    if not user and not hashed:
        return None
    if not user or not hashed:
        missing = "STRIKES_AUTH_USER" if not user else "STRIKES_AUTH_PASSWORD_HASH"
        raise AuthConfigError(f"basic auth needs both the user and the password hash; {missing} is not set")
    method, salt, digest = (hashed.split("$", 2) + ["", ""])[:3]
    if method.split(":")[0] not in HASH_METHODS or not salt or not digest:
        raise AuthConfigError("STRIKES_AUTH_PASSWORD_HASH is not a password hash: make one with "
                              "`strikes hash-password` and set that (never the password itself)")
    return Credentials(user, hashed)


class BasicAuth:
    """WSGI middleware: 401 with a Basic challenge unless the request carries the right user and password."""

    def __init__(self, app: Callable, creds: Credentials, realm: str = REALM):
        self.app = app
        self.creds = creds
        self.challenge = f'Basic realm="{realm}", charset="UTF-8"'
        self._verified: OrderedDict[bytes, None] = OrderedDict()
        self._lock = threading.Lock()
        self._checks = threading.BoundedSemaphore(CHECKS_AT_ONCE)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if self.allowed(environ.get("HTTP_AUTHORIZATION", "")):
            return self.app(environ, start_response)
        body = b"Authentication required.\n"
        start_response("401 Unauthorized", [("WWW-Authenticate", self.challenge),
                                            ("Content-Type", "text/plain; charset=utf-8"),
                                            ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
        return [body]

    def allowed(self, header: str) -> bool:
        """True when an Authorization header carries the configured user and password."""
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "basic" or not token.strip():
            return False
        key = hashlib.sha256(header.encode("utf-8", "surrogateescape")).digest()
        with self._lock:
            if key in self._verified:
                self._verified.move_to_end(key)
                return True
        pair = _user_password(token)
        if pair is None:
            return False
        user_ok = hmac.compare_digest(pair[0].encode(), self.creds.user.encode())
        with self._checks:
            password_ok = check_password_hash(self.creds.password_hash, pair[1])
        if not (user_ok and password_ok):
            return False
        with self._lock:
            self._verified[key] = None
            while len(self._verified) > REMEMBERED:
                self._verified.popitem(last=False)
        return True


def _user_password(token: str) -> tuple[str, str] | None:
    """(user, password) of a Basic token (RFC 7617, UTF-8), None when it is not one."""
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    user, colon, password = decoded.partition(":")
    return (user, password) if colon else None
