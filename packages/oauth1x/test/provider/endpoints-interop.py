# Long-lived helper for endpoints-interop.test.ts: reads one JSON command per line on stdin, answers one JSON
# line on stdout. Uses requests-oauthlib (Debian python3-requests-oauthlib), a client oauth1x did not write.
import json
import sys

import requests
from requests_oauthlib import OAuth1Session

for line in sys.stdin:
    cmd = json.loads(line)
    try:
        session = OAuth1Session(
            cmd["consumer_key"],
            client_secret=cmd["consumer_secret"],
            resource_owner_key=cmd.get("token"),
            resource_owner_secret=cmd.get("token_secret"),
            verifier=cmd.get("verifier"),
            callback_uri=cmd.get("callback"),
            signature_method=cmd.get("method", "HMAC-SHA1"),
            signature_type=cmd.get("transport", "AUTH_HEADER"),
        )
        session.trust_env = False  # no proxies, no REQUESTS_CA_BUNDLE override on loopback
        if cmd["op"] == "request_token":
            out = session.fetch_request_token(cmd["url"])
        elif cmd["op"] == "access_token":
            out = session.fetch_access_token(cmd["url"])
        elif cmd["op"] == "post":
            r = session.post(cmd["url"], data=cmd.get("data"))
            out = {"status": r.status_code, "body": r.text}
        else:
            out = {"error": "unknown op"}
    except Exception as e:  # report, the test decides
        out = {"error": type(e).__name__, "message": str(e)[:300]}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
