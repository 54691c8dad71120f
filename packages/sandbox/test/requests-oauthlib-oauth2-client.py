"""requests-oauthlib's OAuth2Session as a client of the sandbox, driven over stdin/stdout (one JSON object per line).

Commands: authorize_url (PKCE S256 with oauthlib's own verifier and challenge helpers), fetch_token (code
exchange, client authenticated by HTTP Basic), refresh (refresh_token grant), get (a v2 call with the
token). HTTPS is verified against the sandbox's certificate (`ca`); `trust_env = False` so REQUESTS_CA_BUNDLE
does not override `verify`; fetch_token and refresh_token take their own `verify` (default True).
"""
import json
import sys

from oauthlib.oauth2 import WebApplicationClient
from requests.auth import HTTPBasicAuth
from requests_oauthlib import OAuth2Session


def session(cmd, **extra):
    s = OAuth2Session(cmd["client_id"], redirect_uri=cmd.get("redirect_uri"), scope=cmd.get("scope"), **extra)
    s.trust_env = False
    s.verify = cmd["ca"]
    return s


def handle(cmd):
    op = cmd["op"]
    if op == "authorize_url":
        client = WebApplicationClient(cmd["client_id"])
        verifier = client.create_code_verifier(64)
        challenge = client.create_code_challenge(verifier, "S256")
        s = session(cmd)
        url, state = s.authorization_url(cmd["base"] + "/i/oauth2/authorize", code_challenge=challenge, code_challenge_method="S256")
        return {"url": url, "state": state, "verifier": verifier}
    if op == "fetch_token":
        s = session(cmd, state=cmd["state"])
        token = s.fetch_token(
            cmd["base"] + "/2/oauth2/token",
            code=cmd["code"],
            auth=HTTPBasicAuth(cmd["client_id"], cmd["client_secret"]),
            code_verifier=cmd["verifier"],
            verify=cmd["ca"],
        )
        return {"token": token}
    if op == "refresh":
        s = session(cmd, token=cmd["token"])
        token = s.refresh_token(cmd["base"] + "/2/oauth2/token", auth=HTTPBasicAuth(cmd["client_id"], cmd["client_secret"]), verify=cmd["ca"])
        return {"token": token}
    if op == "get":
        s = session(cmd, token=cmd["token"])
        r = s.get(cmd["base"] + cmd["path"])
        return {"status": r.status_code, "body": r.text}
    raise ValueError("unknown op " + op)


for line in sys.stdin:
    try:
        out = {"ok": True, "result": handle(json.loads(line))}
    except Exception as error:  # reported to the test, which fails with the message
        out = {"ok": False, "error": type(error).__name__ + ": " + str(error)}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
