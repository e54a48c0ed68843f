"""Signing in to a homeserver: password or SSO login token → access token + device id.

Called by the Accounts dialog through the network thread; the password is used once and never
kept. What is kept (in the keyring, as the account's secret) is :meth:`LoginResult.secret`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import aiohttp
from nio import AsyncClient, AsyncClientConfig, LoginResponse

LOGIN_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class LoginResult:
    access_token: str
    device_id: str
    user_id: str
    homeserver: str = ""

    def secret(self) -> str:
        """The account's secret as the connector reads it (JSON)."""
        return json.dumps({"access_token": self.access_token, "device_id": self.device_id})


class MatrixLoginError(Exception):
    """Sign-in failed. ``code`` is one of the TestResult codes (auth_failed, refused,
    host_not_found, timeout, error); ``detail`` is the server's own words, if any."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def client_config(request_timeout: float = 60.0) -> AsyncClientConfig:
    # nio would otherwise retry a dead connection forever, silently; we report and back off.
    return AsyncClientConfig(max_timeouts=0, max_limit_exceeded=3,
                             request_timeout=request_timeout, store_sync_tokens=False)


def connection_problem(error: BaseException) -> str:
    """The TestResult code of a failed connection."""
    if isinstance(error, TimeoutError):
        return "timeout"
    if isinstance(error, aiohttp.ClientConnectorDNSError):
        return "host_not_found"
    if isinstance(error, aiohttp.ClientConnectorError):
        return "refused"
    return "error"


async def matrix_login(homeserver: str, user: str, password_or_sso_token: str,
                       device_name: str = "DeskReply") -> LoginResult:
    """Sign in once. With ``user`` empty, ``password_or_sso_token`` is an SSO login token
    (``m.login.token``, pasted from the browser); otherwise it is the user's password.

    Raises:
        MatrixLoginError: refused, or the homeserver could not be reached.
    """
    client = AsyncClient(homeserver.rstrip("/"), user, config=client_config(LOGIN_TIMEOUT_S))
    try:
        if user:
            answer = await client.login(password=password_or_sso_token, device_name=device_name)
        else:
            answer = await client.login(token=password_or_sso_token, device_name=device_name)
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        raise MatrixLoginError(connection_problem(error), str(error)) from error
    finally:
        await client.close()
    if isinstance(answer, LoginResponse):
        return LoginResult(answer.access_token, answer.device_id, answer.user_id,
                           homeserver.rstrip("/"))
    code = getattr(answer, "status_code", "") or ""
    message = getattr(answer, "message", "") or ""
    if code in ("M_FORBIDDEN", "M_UNKNOWN_TOKEN", "M_USER_DEACTIVATED", "M_INVALID_USERNAME"):
        raise MatrixLoginError("auth_failed", message)
    raise MatrixLoginError("error", f"{code} {message}".strip())
