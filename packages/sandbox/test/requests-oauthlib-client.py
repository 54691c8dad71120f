"""requests-oauthlib as a client of the sandbox, driven over stdin/stdout (one JSON object per line).

Commands: request_token, access_token, post (JSON body), get. HTTPS is verified against the sandbox's
certificate (`ca`); `trust_env = False` so REQUESTS_CA_BUNDLE does not override `verify`.
"""
import json
import sys

from requests_oauthlib import OAuth1Session


def session(cmd, **extra):
    s = OAuth1Session(cmd["key"], client_secret=cmd["secret"], **extra)
    s.trust_env = False
    s.verify = cmd["ca"]
    return s


def handle(cmd):
    op = cmd["op"]
    if op == "request_token":
        s = session(cmd, callback_uri=cmd["callback"])
        token = s.fetch_request_token(cmd["base"] + "/oauth/request_token")
        return {"token": token, "authorize_url": s.authorization_url(cmd["base"] + "/oauth/authorize")}
    if op == "access_token":
        s = session(cmd, resource_owner_key=cmd["token"], resource_owner_secret=cmd["token_secret"])
        if "redirect" in cmd:
            s.parse_authorization_response(cmd["redirect"])
            return {"token": s.fetch_access_token(cmd["base"] + "/oauth/access_token")}
        return {"token": s.fetch_access_token(cmd["base"] + "/oauth/access_token", verifier=cmd["verifier"])}
    if op == "post":
        s = session(cmd, resource_owner_key=cmd["token"], resource_owner_secret=cmd["token_secret"])
        r = s.post(cmd["base"] + cmd["path"], json=cmd["json"])
        return {"status": r.status_code, "body": r.text}
    if op == "get":
        s = session(cmd, resource_owner_key=cmd["token"], resource_owner_secret=cmd["token_secret"])
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
