"""Ordinary OAuth 2.0 libraries sign in: authlib and requests-oauthlib, with client
credentials sent over HTTP Basic (RFC 6749 §2.3.1) and with the password grant.

    python oauth_libraries.py BASE_URL CLIENT_ID CLIENT_SECRET USERNAME PASSWORD
"""

import os
import sys

# The CI server listens on loopback without TLS; oauthlib refuses plain HTTP otherwise.
os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"

from authlib.integrations.requests_client import OAuth2Session as AuthlibSession
from oauthlib.oauth2 import BackendApplicationClient, LegacyApplicationClient
from requests.auth import HTTPBasicAuth
from requests_oauthlib import OAuth2Session as OAuthlibSession

base_url, client_id, client_secret, username, password = sys.argv[1:6]
token_url = f"{base_url}/api/v1/auth/token"


def fail(message):
    print(f"OAuth libraries: {message}", file=sys.stderr)
    sys.exit(1)


def check(session, who):
    res = session.get(f"{base_url}/api/v1/auth/me")
    if res.status_code != 200:
        fail(f"{who}: /auth/me answered {res.status_code}: {res.text}")
    print(f"{who}: signed in as {res.json()['name']}")


# authlib, client credentials: client_secret_basic is its default.
session = AuthlibSession(client_id, client_secret, token_endpoint_auth_method="client_secret_basic")
token = session.fetch_token(token_url, grant_type="client_credentials")
if "refresh_token" in token:
    fail("authlib: a client_credentials answer carries a refresh token")
check(session, "authlib client_credentials (Basic)")
# authlib, narrowed to one scope.
session = AuthlibSession(client_id, client_secret, scope="units.read")
token = session.fetch_token(token_url, grant_type="client_credentials")
if token.get("scope") != "units.read":
    fail(f"authlib: scope not narrowed: {token.get('scope')}")
check(session, "authlib client_credentials scope=units.read")
# authlib, a person (password grant, no client).
session = AuthlibSession()
token = session.fetch_token(token_url, username=username, password=password)
if not token.get("refresh_token"):
    fail("authlib: the password grant gave no refresh token")
check(session, "authlib password")

# requests-oauthlib, client credentials over HTTP Basic, as its documentation shows.
session = OAuthlibSession(client=BackendApplicationClient(client_id=client_id))
session.fetch_token(token_url, auth=HTTPBasicAuth(client_id, client_secret))
check(session, "requests-oauthlib client_credentials")
# requests-oauthlib, a person.
session = OAuthlibSession(client=LegacyApplicationClient(client_id=""))
session.fetch_token(token_url, username=username, password=password, include_client_id=False)
check(session, "requests-oauthlib password")
print("OAuth libraries: ok")
